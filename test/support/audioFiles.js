'use strict';
/**
 * Small, real audio files for the upload tests and the benchmark: a PCM WAV of any size (a quiet
 * tone), an MP3 made of valid Layer III frame headers (with or without an ID3v2 tag) and an AAC ADTS
 * stream. Their first bytes are what the type check reads; the rest is filler of the right length.
 */

/** A 16-bit mono 16 kHz WAV of exactly `totalBytes` bytes (at least 44). */
function wavFile(totalBytes) {
	const bytes = Buffer.alloc(totalBytes);
	const dataBytes = totalBytes - 44;
	bytes.write('RIFF', 0, 'latin1');
	bytes.writeUInt32LE(totalBytes - 8, 4);
	bytes.write('WAVE', 8, 'latin1');
	bytes.write('fmt ', 12, 'latin1');
	bytes.writeUInt32LE(16, 16);
	bytes.writeUInt16LE(1, 20); // PCM
	bytes.writeUInt16LE(1, 22); // mono
	bytes.writeUInt32LE(16000, 24);
	bytes.writeUInt32LE(32000, 28);
	bytes.writeUInt16LE(2, 32);
	bytes.writeUInt16LE(16, 34);
	bytes.write('data', 36, 'latin1');
	bytes.writeUInt32LE(dataBytes, 40);
	for (let at = 44; at + 1 < totalBytes; at += 2)
		bytes.writeInt16LE(Math.round(800 * Math.sin((at / 2) * 0.1)), at);
	return bytes;
}

/** MPEG-1 Layer III, 128 kbit/s, 44.1 kHz frames (417 bytes each), optionally after an ID3v2.4 tag. */
function mp3File({ frames = 20, id3 = false } = {}) {
	const frame = Buffer.alloc(417);
	frame.set([0xff, 0xfb, 0x90, 0x64]);
	const parts = [];
	if (id3) {
		const tagBody = Buffer.alloc(30);
		parts.push(Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, tagBody.length]), tagBody);
	}
	for (let index = 0; index < frames; index++) parts.push(frame);
	return Buffer.concat(parts);
}

/** MPEG-4 AAC LC ADTS frames, 44.1 kHz stereo, 200 bytes each. */
function aacFile({ frames = 20 } = {}) {
	const length = 200;
	const frame = Buffer.alloc(length);
	frame.set([
		0xff,
		0xf1,
		0x50,
		0x80 | (length >> 11),
		(length >> 3) & 0xff,
		((length & 7) << 5) | 0x1f,
		0xfc,
	]);
	return Buffer.concat(Array.from({ length: frames }, () => frame));
}

module.exports = { wavFile, mp3File, aacFile };
