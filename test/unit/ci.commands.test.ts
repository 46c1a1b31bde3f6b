import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * CI goes red whenever a newcomer would: .ci/run and the GitHub workflow run the README's commands
 * as written, with no npm flags that paper over an install a newcomer's npm would refuse.
 */
const root = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** The commands of the README's "Run it and test it" block, comments dropped. */
function readmeCommands(): string[] {
	const readme = read('README.md');
	const section = readme.slice(readme.indexOf('## Run it and test it'));
	const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
	return block
		.split('\n')
		.map((line) => line.replace(/#.*$/, '').trim())
		.filter(Boolean);
}

const FLAGS_THAT_HIDE_INSTALL_FAILURES =
	/--ignore-scripts|--legacy-peer-deps|--force|--no-optional/;

describe('CI runs what the README tells a newcomer to run', () => {
	it('the README says: npm install && npm start, then npm test', () => {
		expect(readmeCommands()).toEqual(['npm install && npm start', 'npm test']);
	});

	it.each(['.ci/run', '.github/workflows/ci.yml'])(
		'%s runs npm install, npm start, npm test and npm ci without flags',
		(file) => {
			const commands = read(file)
				.split('\n')
				.filter((line) => !line.trim().startsWith('#'))
				// outside quoted text (step names, messages): the command and the flags after it
				.map((line) => line.replace(/"[^"]*"|'[^']*'/g, ''))
				.flatMap((line) => line.match(/\bnpm (?:install|start|test|ci)\b(?:\s+--?[\w-]+)*/g) ?? [])
				.map((command) => command.trim());
			expect(commands).toEqual(
				expect.arrayContaining(['npm install', 'npm start', 'npm test', 'npm ci']),
			);
			expect(commands.filter((command) => FLAGS_THAT_HIDE_INSTALL_FAILURES.test(command))).toEqual(
				[],
			);
		},
	);

	it('the GitHub workflow runs on Node 20, 22 and 24', () => {
		expect(read('.github/workflows/ci.yml')).toMatch(/node: \[20, 22, 24\]/);
	});
});
