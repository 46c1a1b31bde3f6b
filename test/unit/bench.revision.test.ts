import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe('npm run bench', () => {
	it('names the revision "unknown" in a tree without git (a downloaded source archive)', () => {
		const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-bench-no-git-'));
		try {
			fs.cpSync(path.join(root, 'scripts'), path.join(tree, 'scripts'), { recursive: true });
			// eslint-disable-next-line @typescript-eslint/no-require-imports -- the script is CommonJS
			const { revision } = require(path.join(tree, 'scripts', 'bench.js'));
			expect(revision()).toBe('unknown');
		} finally {
			fs.rmSync(tree, { recursive: true, force: true });
		}
	});
});
