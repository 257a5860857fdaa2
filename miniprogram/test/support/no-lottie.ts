/** Lottie draws on a canvas at import, which jsdom lacks; no page here animates with it. */
export default function NoLottie() {
  return null;
}
