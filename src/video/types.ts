/** Video content types a motion input accepts in place of keypoints. */
export const VIDEO_TYPES = ['video/mp4', 'video/quicktime', 'video/webm'];
export const isVideo = (contentType: string) => VIDEO_TYPES.includes(contentType);
