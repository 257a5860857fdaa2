import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { confirm, toast, toastSuccess } from '../../components/feedback';
import { FieldSet, FormField } from '../../components/form-field';
import { Button, Input } from '../../components/nutui';
import { PagedListView } from '../../components/paged-list';
import { Sheet } from '../../components/sheet';
import { StatusTag, type Tone } from '../../components/status-tag';
import { asClientError } from '../../services/cloud';
import { createInvite, listInvites, revokeInvite, type InviteView } from '../../services/profile';
import { usePagedList } from '../../state/paged-list';
import { formatDate, formatDateTime } from '../../utils/format';
import './admin.css';

const keyOf = (invite: InviteView) => invite.code;
const STATUS_TONES: Record<InviteView['status'], Tone> = { active: 'success', used: 'primary', revoked: 'neutral', expired: 'warning' };

const copyCode = (code: string) =>
  Taro.setClipboardData({ data: code }).then(
    () => toastSuccess('已复制'),
    () => toast('复制失败，请长按邀请码手动复制'),
  );

/**
 * 邀请码 (the provider's admin): codes a new colleague types at 注册 to become an agent of this provider —
 * one use each, valid for days; generated with an optional note, copied, revoked while unused.
 */
export default function InvitesPage() {
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<InviteView | null>(null);
  const list = usePagedList({
    load: async (page, pageSize) => {
      const answer = await listInvites(page, pageSize);
      return { items: answer.invites, total: answer.total };
    },
    keyOf,
  });

  async function revoke(invite: InviteView) {
    const confirmed = await confirm({ title: '作废邀请码？', content: `作废后 ${invite.code} 将无法再用于注册`, confirmText: '作废', danger: true });
    if (!confirmed) return;
    try {
      const { invite: revoked } = await revokeInvite(invite.code);
      list.updateItem(invite.code, () => revoked);
      toastSuccess('已作废');
    } catch (err) {
      toast(asClientError(err).message);
      void list.refresh();
    }
  }

  return (
    <View className='admin-page'>
      <View className='admin-page__intro'>
        <Text className='admin-page__intro-text'>新同事在登录页点「邀请码注册」并输入邀请码，即成为本服务商的客服。每个邀请码只能使用一次。</Text>
        <Button type='primary' size='small' onClick={() => setCreating(true)}>
          生成邀请码
        </Button>
      </View>
      <PagedListView
        list={list}
        keyOf={keyOf}
        renderItem={(invite) => <InviteRow invite={invite} onRevoke={() => void revoke(invite)} />}
        empty={{ title: '还没有邀请码', description: '点击「生成邀请码」，发给新同事注册' }}
      />
      <CreateInviteSheet
        visible={creating}
        onClose={() => setCreating(false)}
        onCreated={(invite) => {
          setCreating(false);
          setCreated(invite);
          void list.refresh();
        }}
      />
      <Sheet visible={created !== null} title='邀请码已生成' onClose={() => setCreated(null)}>
        {created ? (
          <View className='invite-created'>
            <Text className='invite-created__code'>{created.code}</Text>
            <Text className='invite-created__note'>{`${formatDate(created.expiresAt)} 前有效，只能使用一次${created.note ? ` · ${created.note}` : ''}`}</Text>
            <Button type='primary' block onClick={() => void copyCode(created.code)}>
              复制邀请码
            </Button>
          </View>
        ) : null}
      </Sheet>
    </View>
  );
}

function InviteRow({ invite, onRevoke }: { invite: InviteView; onRevoke(): void }) {
  const usable = invite.status === 'active';
  const revocable = invite.status === 'active' || invite.status === 'expired';
  let detail = `${invite.createdByName} 创建于 ${formatDateTime(invite.createdAt)}，${formatDate(invite.expiresAt)} 前有效`;
  if (invite.status === 'used') detail = `${invite.usedByName ?? ''}（${invite.usedByUsername ?? ''}）于 ${invite.usedAt ? formatDateTime(invite.usedAt) : ''} 注册`;
  if (invite.status === 'revoked') detail = `已于 ${invite.revokedAt ? formatDateTime(invite.revokedAt) : ''} 作废`;
  return (
    <View className='admin-row'>
      <View className='admin-row__main'>
        <View className='admin-row__title-line'>
          <Text className={`invite-code${usable ? '' : ' invite-code--spent'}`}>{invite.code}</Text>
          <StatusTag tone={STATUS_TONES[invite.status]} text={invite.statusLabel} />
        </View>
        {invite.note ? <Text className='admin-row__text'>{`备注：${invite.note}`}</Text> : null}
        <Text className='admin-row__meta'>{detail}</Text>
      </View>
      <View className='admin-row__actions'>
        {usable ? (
          <Button size='small' fill='outline' type='primary' onClick={() => void copyCode(invite.code)}>
            复制
          </Button>
        ) : null}
        {revocable ? (
          <Button size='small' fill='none' className='admin-row__danger' onClick={onRevoke}>
            作废
          </Button>
        ) : null}
      </View>
    </View>
  );
}

function CreateInviteSheet({ visible, onClose, onCreated }: { visible: boolean; onClose(): void; onCreated(invite: InviteView): void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function create() {
    if (note.trim().length > 50) return setError('备注最多 50 个字');
    setError(null);
    setSaving(true);
    try {
      const { invite } = await createInvite(note.trim() || undefined);
      setNote('');
      onCreated(invite);
    } catch (err) {
      setError(asClientError(err).message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Sheet visible={visible} title='生成邀请码' onClose={onClose}>
      <Text className='admin-sheet__intro'>邀请码 7 天内有效，只能使用一次。可以写个备注，记下发给了谁。</Text>
      <FieldSet>
        <FormField label='备注' error={error} hint='选填，最多 50 个字'>
          <Input placeholder='如：新同事 王芳' value={note} onChange={setNote} clearable />
        </FormField>
      </FieldSet>
      <Button className='admin-sheet__submit' type='primary' block loading={saving} onClick={() => void create()}>
        生成
      </Button>
    </Sheet>
  );
}
