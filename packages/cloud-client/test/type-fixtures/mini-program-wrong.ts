/**
 * The same page written wrongly: every line marked `// error TSnnnn` below it must fail to compile with
 * that code, and no other line may (packages/cloud-client/test/call-cloud-types.test.ts checks both).
 */
import { callCloud } from '@partner-desk/cloud-client';

export async function wrongPayloads(): Promise<void> {
  // error TS2322: the acceptance case — an id must be a string, and a reply needs content
  await callCloud('tickets', 'reply', { id: 1 });
  // error TS2345: a reply without its content
  await callCloud('tickets', 'reply', { id: 't1' });
  // error TS2345: no such action in the contract
  await callCloud('tickets', 'close', { id: 't1' });
  // error TS2345: no such function in the contract
  await callCloud('ticket', 'list', {});
  // error TS2353: a field the payload does not have (payloads are strict)
  await callCloud('customers', 'list', { pageSize: 5, sortBy: 'name' });
  // error TS2322: a value outside the enum
  await callCloud('tickets', 'list', { status: 'closed' });
  // error TS2554: detail needs its payload
  await callCloud('tickets', 'detail');
  // error TS2322: pageSize is a number
  await callCloud('messages', 'list', { pageSize: '20' });
}

export async function misreadResults(): Promise<void> {
  const list = await callCloud('tickets', 'list', {});
  // error TS2339: data exists only once ok is checked
  console.log(list.data);
  if (!list.ok) {
    // error TS2367: not one of the closed error codes
    if (list.error.code === 'NOT_FOUNDD') return;
    return;
  }
  // error TS2339: the list is `tickets`, not `items`
  console.log(list.data.items);
  const created = await callCloud('tickets', 'create', { customerId: 'c1', title: 't', content: 'c', type: 'complaint' });
  if (!created.ok) return;
  // error TS2322: a ticket number is a string
  const ticketNo: number = created.data.ticketNo;
  const signIn = await callCloud('auth', 'wxLogin');
  if (!signIn.ok) return;
  // error TS2339: the user exists only when `bound` is true
  console.log(signIn.data.user, ticketNo);
}
