import { findViolations, violationsIn } from '../source-rules';

describe('source rules', () => {
  test('When the product sources are read, then no provider check and no raw collection call appears outside the data layer, and zod is always imported as a namespace', () => {
    const { files, violations } = findViolations();
    expect(files).toBeGreaterThan(80);
    expect(violations).toEqual([]);
  });

  test('When a repository or an action checks a provider or calls .collection( itself, then the rules name the line (the data layer may)', () => {
    const repository = [
      "import { z } from 'zod';",
      '// a comment mentioning doc.serviceProviderId !== x is fine',
      '  if (!conversation || conversation.serviceProviderId !== tenant.serviceProviderId) return null;',
      '  if (tenant.serviceProviderId === customer.serviceProviderId) ok();',
      '  const ref = transaction.collection(COLLECTIONS.chatConversations).doc(id);',
      '  await db().collection(COLLECTIONS.messages).add({ data });',
      '  const scope = scoped(tenant, COLLECTIONS.messages);',
    ].join('\n');
    expect(violationsIn('packages/shared/src/chat/repository.ts', repository).map((v) => [v.line, v.rule])).toEqual([
      [1, 'zod imported by name'],
      [3, 'provider check outside the data layer'],
      [4, 'provider check outside the data layer'],
      [5, 'raw collection call outside the data layer'],
      [6, 'raw collection call outside the data layer'],
    ]);
    expect(violationsIn('cloudfunctions/tickets/index.ts', "await db().collection('tickets').get();").map((v) => v.rule)).toEqual(['raw collection call outside the data layer']);
    expect(violationsIn('packages/shared/src/data/tenant-scope.ts', repository).map((v) => v.rule)).toEqual(['zod imported by name']);
    expect(violationsIn('packages/contract/src/functions/tickets.ts', "import type { z } from 'zod';").map((v) => v.rule)).toEqual(['zod imported by name']);
  });
});
