import { ScrollView, Text, View } from '@tarojs/components';
import { Button } from '../../components/nutui';
import { Sheet } from '../../components/sheet';
import { USER_AGREEMENT } from './agreement';

/** 用户协议, read in a sheet. */
export function AgreementSheet({ visible, onClose }: { visible: boolean; onClose(): void }) {
  return (
    <Sheet visible={visible} title='用户协议' onClose={onClose}>
        <ScrollView scrollY className='agreement'>
          {USER_AGREEMENT.map((section) => (
            <View key={section.heading} className='agreement__section'>
              <Text className='agreement__heading'>{section.heading}</Text>
              <Text className='agreement__text'>{section.body}</Text>
            </View>
          ))}
        </ScrollView>
        <Button type='primary' block onClick={onClose}>
          我已阅读
        </Button>
    </Sheet>
  );
}
