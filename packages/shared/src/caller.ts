/** What a handler learns about its caller: only what the platform says, never the payload. */
export interface CallerContext {
  /** WeChat caller (mini-program). */
  openId?: string;
  appId?: string;
  unionId?: string;
  /** CloudBase uid of a web caller (H5 build). */
  uid?: string;
  /** Set when the invocation has no end-user identity (console, another function, timer). */
  isConsole: boolean;
  /** CloudBase request id, for logs. */
  requestId?: string;
}
