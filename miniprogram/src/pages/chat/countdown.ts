import { useEffect, useState } from 'react';
import { BOUNCE_WARNING_MINUTES } from '@partner-desk/contract/src/bounce';

/**
 * Accept-or-bounce as the provider sees it: how long the customer has waited and how long is left before
 * the consultation goes back to HQ (the conversation's bounceAt, from the provider's bounceMinutes).
 */

const pad = (n: number) => String(n).padStart(2, '0');

export interface BounceCountdown {
  /** 08:42 后退回总部, 1小时05分后退回总部, or 即将退回总部 once the deadline has passed (the timer runs each minute). */
  text: string;
  /** Within the last BOUNCE_WARNING_MINUTES (or past): drawn in red. */
  urgent: boolean;
}

export function bounceCountdown(bounceAt: string | null, now: Date): BounceCountdown | null {
  if (!bounceAt) return null;
  const left = Date.parse(bounceAt) - now.getTime();
  if (Number.isNaN(left)) return null;
  if (left <= 0) return { text: '即将退回总部', urgent: true };
  const seconds = Math.ceil(left / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const text = hours > 0 ? `${hours}小时${pad(minutes)}分后退回总部` : `${pad(minutes)}:${pad(seconds % 60)} 后退回总部`;
  return { text, urgent: left <= BOUNCE_WARNING_MINUTES * 60_000 };
}

/** 已等待 5 分钟 / 已等待 2 小时 / 已等待 3 天 (or 刚刚开始等待). */
export function waitingText(waitingSince: string | null, now: Date): string | null {
  if (!waitingSince) return null;
  const ms = now.getTime() - Date.parse(waitingSince);
  if (Number.isNaN(ms)) return null;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return '客户刚刚发来消息';
  if (minutes < 60) return `客户已等待 ${minutes} 分钟`;
  if (minutes < 24 * 60) return `客户已等待 ${Math.floor(minutes / 60)} 小时`;
  return `客户已等待 ${Math.floor(minutes / 1440)} 天`;
}

/** The current time: every second while `active` (a countdown on screen), every half minute otherwise (刚刚, 5分钟前). */
export function useNow(active: boolean): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), active ? 1000 : 30_000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
