// Public entry of the file collector.
export { collectFromFiles, type CollectFromFilesOptions } from './collect-from-files';
export { DEFAULT_MAX_FILE_BYTES } from './read-input';
