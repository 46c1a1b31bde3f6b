/**
 * Recording upload's rules, pure and free of n8n and zod: which audio a file is (by its bytes), the
 * size cap, and the upload call's fields. Shared by the client, the node and the library.
 */
export {
	AUDIO_FILE_TYPES,
	MAX_RECORDING_UPLOAD_BYTES,
	checkRecordingFile,
	detectAudioFileType,
	type AudioFileType,
	type CheckedRecordingFile,
} from './audioFile';
export {
	checkRecordingUploadOptions,
	type RecordingUploadFields,
	type RecordingUploadOptions,
} from './uploadOptions';
