import { Text, View } from '@tarojs/components';

export interface Choice<K extends string> {
  key: K;
  label: string;
}

/** One choice out of a few, all in sight (a ticket's type or priority): chips, the chosen one in the brand colour. */
export function ChoiceChips<K extends string>({ choices, value, onChange, label }: { choices: readonly Choice<K>[]; value: K | null; onChange(key: K): void; label: string }) {
  return (
    <View className='choice-chips' role='radiogroup' aria-label={label}>
      {choices.map((choice) => (
        <View
          key={choice.key}
          role='radio'
          aria-checked={choice.key === value}
          className={`choice-chips__chip${choice.key === value ? ' choice-chips__chip--on' : ''}`}
          onClick={() => onChange(choice.key)}
        >
          <Text>{choice.label}</Text>
        </View>
      ))}
    </View>
  );
}
