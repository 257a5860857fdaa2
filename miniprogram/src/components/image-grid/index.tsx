import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import './index.css';

/** An attached image as the functions answer it (ImageView): its fileID and a short-lived URL, null once deleted. */
export interface GridImage {
  fileID: string;
  url: string | null;
}

/**
 * A ticket's or a message's screenshots as thumbnails, three to a row; a tap opens WeChat's viewer
 * (Taro.previewImage, drawn alike in H5) on that image with the others to swipe through. An image whose
 * file is gone keeps its place and says so.
 */
export function ImageGrid({ images }: { images: readonly GridImage[] }) {
  const urls = images.flatMap((image) => (image.url ? [image.url] : []));
  if (images.length === 0) return null;
  const open = (url: string) => void Taro.previewImage({ urls, current: url }).catch(() => undefined);
  return (
    <View className='image-grid'>
      {images.map((image) =>
        image.url ? (
          <Image key={image.fileID} className='image-grid__item' src={image.url} mode='aspectFill' lazyLoad onClick={() => open(image.url!)} />
        ) : (
          <View key={image.fileID} className='image-grid__item image-grid__item--gone'>
            <Text className='image-grid__gone'>图片已删除</Text>
          </View>
        ),
      )}
    </View>
  );
}
