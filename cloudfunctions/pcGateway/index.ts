import { readCallerContext } from '@partner-desk/shared';
import { errorAnswer, type HttpAccessEvent, type HttpAnswer } from '@partner-desk/shared/pc-gateway/http';
import { handleGatewayRequest } from '@partner-desk/shared/pc-gateway/gateway';

/**
 * pcGateway: the PC system's events at `<HTTP access>/pc/events` (cloudbaserc.json's servicePaths),
 * signed with PD_PC_SECRET (packages/shared/src/pc-gateway/gateway.ts). Not for the mini-program: a
 * WeChat or web caller is refused before anything is read.
 */
export async function main(event: HttpAccessEvent): Promise<HttpAnswer> {
  const caller = readCallerContext();
  if (!caller.isConsole) return errorAnswer(403, 'PERMISSION_DENIED', '仅供 PC 端系统调用 / for the PC system only');
  return handleGatewayRequest(event, { secret: process.env.PD_PC_SECRET ?? '' });
}
