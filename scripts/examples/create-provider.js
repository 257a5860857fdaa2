/**
 * Creates a service provider with a phone number (stored encrypted with PD_FIELD_KEY) by calling the
 * admin function through the real wx-server-sdk, the way the vendor's console does: no end-user
 * identity. It finds the emulator only through what `emulators:exec` exports:
 *
 *   npm run emulators:exec -- "node scripts/examples/create-provider.js [name]"
 *
 * Prints the function's answer ({ ok: true, data: { providerId } }) and exits 1 unless it is ok.
 */
const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

async function main() {
  const name = process.argv[2] || `示例服务商 ${Date.now().toString(36)}`;
  const payload = { name, contactPerson: '王经理', phone: '13800138000', email: 'wang@example.com', region: '上海' };
  const { result } = await cloud.callFunction({ name: 'admin', data: { action: 'createProvider', payload } });
  console.log(JSON.stringify(result));
  if (!result || result.ok !== true) process.exitCode = 1;
}

main().catch((err) => {
  // wx-server-sdk rejects with { errCode, errMsg } when the function itself failed (e.g. could not start).
  console.error(`admin.createProvider failed: ${err.errMsg || err.message}`);
  process.exit(1);
});
