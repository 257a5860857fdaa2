import { getCloud } from '../cloud';
import { AppError } from '../errors';

/** WeChat's phone_info (docs: 获取手机号 phonenumber.getPhoneNumber), as wx-server-sdk answers it in camelCase. */
interface PhoneInfo {
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string | number;
  watermark?: { timestamp: number; appid: string };
}

/** errcodes of getuserphonenumber the user can act on; anything else is WeChat being unavailable. */
const INVALID_CODE = 40029;
const TOO_FREQUENT = 45011;

/**
 * The phone number behind a getPhoneNumber button's code, through cloud call (云调用): no access token,
 * wx-server-sdk signs it. A code works once and for 5 minutes; wx-server-sdk rejects with WeChat's
 * errcode as `errCode`. Mainland numbers are stored without the country code, others with it.
 */
export async function exchangePhoneCode(code: string): Promise<string> {
  let answer: { phoneInfo?: PhoneInfo };
  try {
    answer = await getCloud().openapi.phonenumber.getPhoneNumber({ code });
  } catch (err) {
    const errCode = (err as { errCode?: unknown })?.errCode;
    if (errCode === INVALID_CODE) throw new AppError('INVALID_ARGUMENT', '手机号授权已失效或已使用，请重新点击「绑定手机」授权');
    if (errCode === TOO_FREQUENT) throw new AppError('RATE_LIMITED', '获取手机号过于频繁，请稍后再试');
    console.error('[profile.bindPhone] phonenumber.getPhoneNumber failed', err);
    throw new AppError('INTERNAL', '微信服务暂时不可用，请稍后再试');
  }
  const info = answer?.phoneInfo;
  if (!info?.purePhoneNumber) {
    console.error('[profile.bindPhone] phonenumber.getPhoneNumber answered without phone_info', answer);
    throw new AppError('INTERNAL', '微信服务暂时不可用，请稍后再试');
  }
  return String(info.countryCode) === '86' ? info.purePhoneNumber : info.phoneNumber;
}
