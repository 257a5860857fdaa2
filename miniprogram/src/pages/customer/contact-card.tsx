import { Text, View } from '@tarojs/components';
import { InfoList } from '../../components/info-list';
import type { CustomerDetailResult, RevealContactResult } from '../../services/customers';

export interface ContactCardProps {
  customer: CustomerDetailResult['customer'];
  /** The clear contact once 查看 was tapped; null while masked. */
  contact: RevealContactResult | null;
  revealing: boolean;
  onReveal(): void;
}

/**
 * 客户基本信息 (seed §1.2.4): name, region, industry and the vendor's id head the page; here the contact,
 * masked as the function answers it until 查看 asks customers.revealContact (which records who looked).
 */
export function ContactCard({ customer, contact, revealing, onReveal }: ContactCardProps) {
  const reveal = contact ? null : (
    <Text className={`contact-card__reveal${revealing ? ' contact-card__reveal--busy' : ''}`} onClick={revealing ? undefined : onReveal}>
      {revealing ? '正在获取…' : '查看'}
    </Text>
  );
  const masked = (value: string) => (
    <View className='contact-card__masked'>
      <Text>{value || '未填写'}</Text>
      {reveal}
    </View>
  );
  return (
    <View className='contact-card'>
      <InfoList
        rows={[
          { label: '联系人', value: contact ? contact.contactPerson : masked(customer.contactPerson) },
          { label: '联系电话', value: contact ? contact.phone : masked(customer.phone) },
          { label: '邮箱', value: contact ? contact.email : masked(customer.email) },
        ]}
      />
    </View>
  );
}
