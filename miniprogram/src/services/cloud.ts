/**
 * The app's one door to CloudBase: @partner-desk/cloud-client (wx.cloud in weapp, @cloudbase/js-sdk in H5,
 * chosen at build time by TARO_ENV). Services call functions only through these.
 */
export { callCloud, watch } from '@partner-desk/cloud-client';
