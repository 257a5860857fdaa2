import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { FieldSet } from '../../components/form-field';
import { checkNewPassword, NewPasswordFields } from '../../components/form-field/new-password-fields';
import { toast, toastSuccess } from '../../components/feedback';
import { Button } from '../../components/nutui';
import { PagedListView } from '../../components/paged-list';
import { SegmentedTabs } from '../../components/segmented-tabs';
import { Sheet } from '../../components/sheet';
import { StatusTag } from '../../components/status-tag';
import { asClientError } from '../../services/cloud';
import { LABELS } from '../../services/labels';
import { completePasswordReset, listPasswordResets, type PasswordResetView } from '../../services/profile';
import { usePagedList } from '../../state/paged-list';
import { formatDateTime, formatRelativeTime } from '../../utils/format';
import './admin.css';

type ResetStatus = 'pending' | 'completed';
const keyOf = (request: PasswordResetView) => request.id;

/**
 * 密码重置申请 (the provider's admin): the requests filed from 忘记密码, newest first; the admin sets a new
 * password for the person (profile.completePasswordReset), which ends their sessions and lifts a lockout.
 */
export default function PasswordResetsPage() {
  const [status, setStatus] = useState<ResetStatus>('pending');
  const [handling, setHandling] = useState<PasswordResetView | null>(null);
  const list = usePagedList({
    load: async (page, pageSize) => {
      const answer = await listPasswordResets(status, page, pageSize);
      return { items: answer.requests, total: answer.total };
    },
    keyOf,
    deps: [status],
    // A new request raises a message to the provider's admins.
    topics: ['messages'],
  });

  return (
    <View className='admin-page'>
      <View className='admin-page__header'>
        <SegmentedTabs<ResetStatus>
          tabs={[
            { key: 'pending', label: '待处理', count: status === 'pending' && list.status === 'ready' ? list.total : 0 },
            { key: 'completed', label: '已处理' },
          ]}
          value={status}
          onChange={setStatus}
        />
      </View>
      <PagedListView
        list={list}
        keyOf={keyOf}
        renderItem={(request) => <ResetRow request={request} onHandle={() => setHandling(request)} />}
        empty={status === 'pending' ? { title: '暂无待处理的申请', description: '同事在登录页「忘记密码」提交的申请会出现在这里' } : { title: '暂无已处理的申请' }}
      />
      <ResetSheet
        request={handling}
        onClose={() => setHandling(null)}
        onDone={() => {
          setHandling(null);
          void list.refresh();
        }}
      />
    </View>
  );
}

function ResetRow({ request, onHandle }: { request: PasswordResetView; onHandle(): void }) {
  const pending = request.status === 'pending';
  return (
    <View className='admin-row'>
      <View className='admin-row__main'>
        <View className='admin-row__title-line'>
          <Text className='admin-row__title'>{request.userName}</Text>
          <StatusTag tone={request.role === 'admin' ? 'primary' : 'neutral'} text={LABELS.role[request.role]} />
          <StatusTag tone={pending ? 'warning' : 'success'} text={request.statusLabel} />
        </View>
        <Text className='admin-row__text'>{`账号：${request.username}`}</Text>
        <Text className='admin-row__meta'>
          {pending
            ? `提交时间：${formatRelativeTime(request.lastRequestedAt)}${request.requestCount > 1 ? ` · 共提交 ${request.requestCount} 次` : ''}`
            : `${request.completedByName ?? ''}（${request.completedVia ? LABELS.passwordResetChannel[request.completedVia] : ''}）于 ${request.completedAt ? formatDateTime(request.completedAt) : ''} 处理`}
        </Text>
      </View>
      {pending ? (
        <Button size='small' type='primary' onClick={onHandle}>
          设置新密码
        </Button>
      ) : null}
    </View>
  );
}

/** The new password for one request, typed twice; the policy's refusal shows under the field in its own words. */
function ResetSheet({ request, onClose, onDone }: { request: PasswordResetView | null; onClose(): void; onDone(): void }) {
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirmation?: string; form?: string }>({});
  const [saving, setSaving] = useState(false);

  const close = () => {
    setPassword('');
    setConfirmation('');
    setErrors({});
    onClose();
  };

  async function save() {
    if (!request) return;
    const found = checkNewPassword(password, confirmation);
    setErrors(found);
    if (found.password || found.confirmation) return;
    setSaving(true);
    try {
      await completePasswordReset(request.id, password);
      toastSuccess('密码已重置');
      setPassword('');
      setConfirmation('');
      onDone();
    } catch (err) {
      const error = asClientError(err);
      if (error.code === 'INVALID_ARGUMENT') setErrors({ password: error.message });
      else if (error.code === 'FAILED_PRECONDITION' || error.code === 'NOT_FOUND') {
        toast(error.message);
        onDone();
      } else setErrors({ form: error.message });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Sheet visible={request !== null} title='设置新密码' onClose={close}>
      {request ? (
        <>
          <Text className='admin-sheet__intro'>{`为 ${request.userName}（${request.username}）设置新密码。重置后其他设备上的登录将失效，请把新密码当面或电话告知本人。`}</Text>
          <FieldSet error={errors.form}>
            <NewPasswordFields password={password} confirmation={confirmation} onPassword={setPassword} onConfirmation={setConfirmation} errors={errors} />
          </FieldSet>
          <Button className='admin-sheet__submit' type='primary' block loading={saving} onClick={() => void save()}>
            确认重置
          </Button>
        </>
      ) : null}
    </Sheet>
  );
}
