import { ScrollView, Text, View } from '@tarojs/components';
import { Button } from '../../components/nutui';
import { Sheet } from '../../components/sheet';
import type { ProfileResult } from '../../services/profile';

type Agreement = ProfileResult['about']['agreement'];

/** 用户协议 as profile.get answers it (the contract's text), read in a sheet. */
export function AgreementSheet({ agreement, visible, onClose }: { agreement: Agreement; visible: boolean; onClose(): void }) {
  return (
    <Sheet visible={visible} title={agreement.title} onClose={onClose}>
      <Text className='agreement__version'>{`版本 ${agreement.version} · ${agreement.effectiveDate} 起生效`}</Text>
      <ScrollView scrollY className='agreement'>
        {agreement.sections.map((section) => (
          <View key={section.heading} className='agreement__section'>
            <Text className='agreement__heading'>{section.heading}</Text>
            {section.paragraphs.map((paragraph) => (
              <Text key={paragraph} className='agreement__text'>
                {paragraph}
              </Text>
            ))}
          </View>
        ))}
      </ScrollView>
      <Button type='primary' block onClick={onClose}>
        我已阅读
      </Button>
    </Sheet>
  );
}
