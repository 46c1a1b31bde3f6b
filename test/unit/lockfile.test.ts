import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm ci` refuses a lockfile that misses an optional dependency of a locked package (other
 * platforms' builds of rollup, esbuild, unrs-resolver…): a contributor on macOS or Windows, or a CI
 * using npm ci, could not install. Each locked package's optional dependencies must be locked too.
 */
const root = path.resolve(__dirname, '../..');

type LockEntry = { optionalDependencies?: Record<string, string> };

/** Optional dependencies that no lockfile entry resolves (npm's lookup: nested, then upwards). */
function unlockedOptionalDependencies(lockfile: string): string[] {
	const { packages } = JSON.parse(readFileSync(path.join(root, lockfile), 'utf8')) as {
		packages: Record<string, LockEntry>;
	};
	const missing: string[] = [];
	for (const [location, entry] of Object.entries(packages)) {
		for (const name of Object.keys(entry.optionalDependencies ?? {})) {
			let dir = location;
			let found = false;
			for (;;) {
				if (packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) {
					found = true;
					break;
				}
				if (!dir) break;
				const parent = dir.lastIndexOf('/node_modules/');
				dir = parent === -1 ? '' : dir.slice(0, parent);
			}
			if (!found) missing.push(`${location || '(root)'} → ${name}`);
		}
	}
	return missing;
}

describe('lockfiles complete for every platform', () => {
	it.each(['package-lock.json', 'dev/lint/package-lock.json'])(
		'%s locks every optional dependency',
		(lockfile) => {
			expect(unlockedOptionalDependencies(lockfile)).toEqual([]);
		},
	);

	it('package-lock.json has the macOS and Windows builds of the build tools', () => {
		const { packages } = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
		for (const name of [
			'@rollup/rollup-darwin-arm64',
			'@rollup/rollup-win32-x64-msvc',
			'@esbuild/darwin-arm64',
			'@esbuild/win32-x64',
			'@unrs/resolver-binding-darwin-arm64',
			'@unrs/resolver-binding-win32-x64-msvc',
		]) {
			expect({ name, locked: Boolean(packages[`node_modules/${name}`]) }).toEqual({
				name,
				locked: true,
			});
		}
	});
});
