/**
 * What kind of audio a file is, read from its bytes (magic numbers), checked against its name: an
 * item's mimeType is whatever the sender claimed, so it is never trusted. Siro accepts mp3, aac and
 * wav; anything else, an empty file, or one past the cap is refused before any request.
 */
import { describe } from '../core/values';
import { SiroInputError } from '../engagements/errors';

export const AUDIO_FILE_TYPES = ['mp3', 'aac', 'wav'] as const;
export type AudioFileType = (typeof AUDIO_FILE_TYPES)[number];

/**
 * The largest file uploaded: 500 MiB. Siro documents no limit; inside n8n the whole file sits in the
 * worker's memory while it is sent (n8n hands a node its binary data as one buffer), so one item must
 * not be able to take the memory of the process that runs every workflow. 500 MiB is 9 hours of a
 * 128 kbit/s MP3, or 47 minutes of CD-quality stereo WAV (a longer WAV should be converted first).
 */
export const MAX_RECORDING_UPLOAD_BYTES = 500 * 1024 * 1024;

/** The file name endings each type may carry (a name without an ending is left to the content). */
const EXTENSIONS: Record<AudioFileType, readonly string[]> = {
	mp3: ['mp3'],
	aac: ['aac'],
	wav: ['wav', 'wave'],
};

const ascii = (bytes: Uint8Array, start: number, text: string) =>
	bytes.length >= start + text.length &&
	[...text].every((character, index) => bytes[start + index] === character.charCodeAt(0));

/** An MPEG audio Layer III frame header (MPEG 1, 2 or 2.5): 11 sync bits, no reserved field value. */
function isMp3Frame(bytes: Uint8Array, at: number): boolean {
	if (bytes.length < at + 4 || bytes[at] !== 0xff || (bytes[at + 1] & 0xe0) !== 0xe0) return false;
	const version = (bytes[at + 1] >> 3) & 0b11;
	const layer = (bytes[at + 1] >> 1) & 0b11;
	const bitrate = bytes[at + 2] >> 4;
	const sampleRate = (bytes[at + 2] >> 2) & 0b11;
	return version !== 0b01 && layer === 0b01 && bitrate !== 0b1111 && sampleRate !== 0b11;
}

/** An AAC ADTS frame header: 12 sync bits, layer 0, a known sampling rate, a frame longer than its header. */
function isAdtsFrame(bytes: Uint8Array, at: number): boolean {
	if (bytes.length < at + 7 || bytes[at] !== 0xff || (bytes[at + 1] & 0xf6) !== 0xf0) return false;
	const sampleRateIndex = (bytes[at + 2] >> 2) & 0b1111;
	const frameLength = ((bytes[at + 3] & 0b11) << 11) | (bytes[at + 4] << 3) | (bytes[at + 5] >> 5);
	const headerLength = (bytes[at + 1] & 1) === 1 ? 7 : 9;
	return sampleRateIndex < 13 && frameLength > headerLength;
}

/** Where the audio starts after an ID3v2 tag (and the zero padding encoders leave), or undefined. */
function afterId3Tag(bytes: Uint8Array): number | undefined {
	if (!ascii(bytes, 0, 'ID3') || bytes.length < 10) return undefined;
	const sizeBytes = bytes.subarray(6, 10);
	if (sizeBytes.some((byte) => byte >= 0x80)) return undefined; // not a syncsafe size
	const size = (sizeBytes[0] << 21) | (sizeBytes[1] << 14) | (sizeBytes[2] << 7) | sizeBytes[3];
	const hasFooter = (bytes[5] & 0x10) !== 0;
	let at = 10 + size + (hasFooter ? 10 : 0);
	while (at < bytes.length && bytes[at] === 0) at++;
	return at;
}

function frameTypeAt(bytes: Uint8Array, at: number): AudioFileType | undefined {
	if (isMp3Frame(bytes, at)) return 'mp3';
	if (isAdtsFrame(bytes, at)) return 'aac';
	return undefined;
}

/** The audio type the bytes are, by their magic numbers; undefined for anything else. */
export function detectAudioFileType(bytes: Uint8Array): AudioFileType | undefined {
	if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WAVE')) return 'wav';
	const audioStart = afterId3Tag(bytes);
	return frameTypeAt(bytes, audioStart ?? 0);
}

/** The ending of a file name ("call.MP3" → "mp3"), when it has one. */
function extensionOf(fileName: string): string | undefined {
	const found = /\.([A-Za-z0-9]{1,10})$/.exec(fileName.trim());
	return found === null ? undefined : found[1].toLowerCase();
}

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

export interface CheckedRecordingFile {
	fileType: AudioFileType;
	fileSize: number;
}

/**
 * The type and size of a recording file, or a SiroInputError naming `field` (default `file`): not
 * bytes, empty, over MAX_RECORDING_UPLOAD_BYTES, not mp3/aac/wav by content, or a name whose ending
 * says another type than the content.
 */
export function checkRecordingFile(
	bytes: unknown,
	fileName?: unknown,
	field = 'file',
): CheckedRecordingFile {
	if (!(bytes instanceof Uint8Array)) {
		throw new SiroInputError(
			field,
			`${field} is ${describe(bytes)}, not the file's bytes.`,
			'Pass the file as a Uint8Array (a Node.js Buffer is one).',
		);
	}
	const named = typeof fileName === 'string' && fileName.trim() !== '' ? fileName.trim() : '';
	const shown = named === '' ? 'The file' : `The file "${named.slice(0, 100)}"`;
	if (bytes.length === 0) {
		throw new SiroInputError(field, `${shown} is empty.`, 'Check that the recording was saved.');
	}
	if (bytes.length > MAX_RECORDING_UPLOAD_BYTES) {
		throw new SiroInputError(
			field,
			`${shown} is ${megabytes(bytes.length)}, over the ${megabytes(MAX_RECORDING_UPLOAD_BYTES)} an upload may be.`,
			'Convert it to a compressed format (a 128 kbit/s MP3 holds 9 hours in 500 MB), or split it.',
		);
	}
	const fileType = detectAudioFileType(bytes);
	if (fileType === undefined) {
		throw new SiroInputError(
			field,
			`${shown} is not an MP3, AAC (ADTS) or WAV recording: its first bytes are none of theirs.`,
			'Siro takes mp3, aac and wav files. Convert the recording, or check that the right file is passed.',
		);
	}
	const extension = named === '' ? undefined : extensionOf(named);
	if (extension !== undefined && !EXTENSIONS[fileType].includes(extension)) {
		throw new SiroInputError(
			field,
			`${shown} is named .${extension}, but its content is ${fileType}.`,
			`Check that the right file is passed; if it is, rename it to .${EXTENSIONS[fileType][0]}.`,
		);
	}
	return { fileType, fileSize: bytes.length };
}
