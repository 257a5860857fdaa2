import { Text, View } from '@tarojs/components';
import { StatusTag } from '../../components/status-tag';
import { LABELS } from '../../services/labels';
import type { ProfileResult } from '../../services/profile';

/** Who is signed in (an initial for a picture, name, role, account) and their provider. */
export function ProfileHeader({ user, provider }: Pick<ProfileResult, 'user' | 'provider'>) {
  return (
    <View className='profile-header'>
      <View className='profile-header__avatar'>
        <Text className='profile-header__initial'>{user.name.slice(0, 1)}</Text>
      </View>
      <View className='profile-header__text'>
        <View className='profile-header__name-row'>
          <Text className='profile-header__name'>{user.name}</Text>
          <StatusTag tone={user.role === 'admin' ? 'primary' : 'neutral'} text={LABELS.role[user.role]} />
        </View>
        <Text className='profile-header__account'>{`账号：${user.username}`}</Text>
        <Text className='profile-header__provider'>{provider.name}</Text>
      </View>
    </View>
  );
}
