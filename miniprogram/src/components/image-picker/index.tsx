/**
 * ImagePicker — screenshots for a ticket, a reply or a chat message.
 *
 *   const picker = useImagePicker();               // options: { max?, initialFileIDs?, choose? }
 *   <ImagePicker picker={picker} />                // thumbnails, 上传中 / 上传失败·重试, ✕ to remove, + to add
 *   send({ content, images: picker.fileIDs });     // only when picker.ready (nothing uploading or failed)
 *   picker.clear();                                // after a successful send
 *
 * Picking: Taro.chooseMedia (images only, at most the contract's MAX_IMAGES = 9 in all), compressed
 * (Taro.compressImage in weapp, a canvas in H5), uploaded at once to CloudBase storage under the signed-in
 * user's `uploads/<userId>/<yyyymm>/` folder (the path the functions accept). A tap on a thumbnail opens
 * Taro.previewImage. The uploaded fileIDs are `picker.fileIDs`; drafts kept on the device come back through
 * `initialFileIDs`.
 */
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Loading } from '../nutui';
import type { ImagePicker as ImagePickerState } from './use-image-picker';
import './index.css';

export { useImagePicker, type ImagePicker as ImagePickerState, type ImagePickerOptions } from './use-image-picker';
export type { PickedImage } from './picked-images';

export function ImagePicker({ picker, disabled = false }: { picker: ImagePickerState; disabled?: boolean }) {
  const { images, max } = picker;
  const previews = images.flatMap((image) => (image.preview ? [image.preview] : []));
  const open = (url: string) => void Taro.previewImage({ urls: previews, current: url }).catch(() => undefined);

  return (
    <View className='image-picker'>
      {images.map((image, index) => (
        <View key={image.key} className={`image-picker__item image-picker__item--${image.status}`} data-status={image.status}>
          {image.preview ? (
            <Image className='image-picker__thumb' src={image.preview} mode='aspectFill' onClick={() => open(image.preview)} />
          ) : (
            <View className='image-picker__thumb' />
          )}
          {image.status === 'uploading' ? (
            <View className='image-picker__mask'>
              <Loading />
              <Text className='image-picker__mask-text'>上传中</Text>
            </View>
          ) : null}
          {image.status === 'failed' ? (
            <View className='image-picker__mask image-picker__mask--failed' onClick={() => picker.retry(image.key)}>
              <Text className='image-picker__mask-text'>上传失败</Text>
              <Text className='image-picker__retry'>重试</Text>
            </View>
          ) : null}
          {disabled ? null : (
            <View className='image-picker__remove' aria-label={`删除第 ${index + 1} 张图片`} onClick={() => picker.remove(image.key)}>
              <Text className='image-picker__remove-icon'>×</Text>
            </View>
          )}
        </View>
      ))}
      {!disabled && images.length < max ? (
        <View className='image-picker__add' onClick={() => void picker.pick()}>
          <Text className='image-picker__add-icon'>+</Text>
          <Text className='image-picker__add-text'>{`添加图片 ${images.length}/${max}`}</Text>
        </View>
      ) : null}
      {picker.uploading > 0 ? <Text className='image-picker__summary'>{`正在上传 ${picker.uploading} 张，已完成 ${picker.fileIDs.length}/${images.length}`}</Text> : null}
      {picker.failed > 0 && picker.uploading === 0 ? <Text className='image-picker__summary image-picker__summary--failed'>{`${picker.failed} 张上传失败，点图片重试或删除`}</Text> : null}
    </View>
  );
}
