/**
 * The README and the pages under docs/ link to each other: every relative link must reach a file
 * that exists and, with a #fragment, a heading of that file (anchors as GitHub makes them); every
 * docs/ page must be reachable from the README, and every screenshot shown somewhere.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** The anchor GitHub gives a heading: its text lower-cased, punctuation dropped, spaces as hyphens. */
function githubSlug(heading: string): string {
	const text = heading
		.replace(/!\[[^\]]*\]\([^)]*\)/g, '') // images
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // links: their text
		.replace(/<[^>]+>/g, '') // HTML tags
		.replace(/[`*]/g, '') // code and emphasis marks
		.trim();
	return text
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

/** Markdown without its fenced code blocks (their lines blanked, so line numbers stay). */
function withoutFences(markdown: string): string {
	let inFence = false;
	return markdown
		.split('\n')
		.map((line) => {
			if (/^\s*(```|~~~)/.test(line)) {
				inFence = !inFence;
				return '';
			}
			return inFence ? '' : line;
		})
		.join('\n');
}

/** The anchors of a page's headings, numbered as GitHub numbers repeated ones (-1, -2…). */
function anchorsOf(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	for (const line of withoutFences(markdown).split('\n')) {
		const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
		if (heading === undefined) continue;
		const slug = githubSlug(heading);
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return anchors;
}

interface Link {
	line: number;
	target: string;
}

/** The links and images of a page, outside code (fenced blocks and `inline code`). */
function linksOf(markdown: string): Link[] {
	const links: Link[] = [];
	withoutFences(markdown)
		.split('\n')
		.forEach((line, index) => {
			const text = line.replace(/`[^`]*`/g, '');
			for (const match of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
				links.push({ line: index + 1, target: match[1] });
			}
		});
	return links;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/**
 * "file:line → target: why" for each relative link of `pages` (repo-relative path → text) that does
 * not resolve. `read` gives the text of a repo-relative file, or undefined when there is none.
 */
function brokenLinks(
	pages: Map<string, string>,
	read: (file: string) => string | undefined,
): string[] {
	const broken: string[] = [];
	for (const [page, text] of pages) {
		for (const { line, target } of linksOf(text)) {
			if (isExternal(target)) continue;
			const [file, fragment] = target.split('#', 2) as [string, string | undefined];
			const resolved =
				file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
			const where = `${page}:${line} → ${target}`;
			if (resolved.startsWith('../')) {
				broken.push(`${where}: leaves the repository`);
				continue;
			}
			const content = pages.get(resolved) ?? read(resolved);
			if (content === undefined) {
				broken.push(`${where}: ${resolved} does not exist`);
				continue;
			}
			if (fragment === undefined) continue;
			if (!resolved.endsWith('.md')) {
				broken.push(`${where}: an anchor into a file that is not Markdown`);
			} else if (!anchorsOf(content).has(decodeURIComponent(fragment))) {
				broken.push(`${where}: ${resolved} has no heading with the anchor #${fragment}`);
			}
		}
	}
	return broken;
}

/** The repo-relative files `page` links to (without anchors). */
function linkedFiles(page: string, text: string): string[] {
	return linksOf(text)
		.filter(({ target }) => !isExternal(target) && !target.startsWith('#'))
		.map(({ target }) =>
			path.posix.normalize(path.posix.join(path.posix.dirname(page), target.split('#')[0])),
		);
}

function readRepoFile(file: string): string | undefined {
	const full = path.join(root, file);
	if (!existsSync(full)) return undefined;
	// Binary files (screenshots) only need to exist.
	return file.endsWith('.md') ? readFileSync(full, 'utf8') : '';
}

const docsPages = readdirSync(path.join(root, 'docs'))
	.filter((name) => name.endsWith('.md'))
	.sort()
	.map((name) => `docs/${name}`);
const pages = new Map(
	['README.md', ...docsPages].map((file) => [file, readFileSync(path.join(root, file), 'utf8')]),
);

describe('GitHub anchors', () => {
	it.each([
		['Node versions (1 and 1.1)', 'node-versions-1-and-11'],
		[
			'Did the link reach the phone? `linkDeliveryStatus`',
			'did-the-link-reach-the-phone-linkdeliverystatus',
		],
		["Verify Siro's webhooks yourself", 'verify-siros-webhooks-yourself'],
		['Queue-mode soak (`npm run soak`)', 'queue-mode-soak-npm-run-soak'],
		['Build **record** link', 'build-record-link'],
	])('%s → #%s', (heading, slug) => {
		expect(githubSlug(heading)).toBe(slug);
	});

	it('numbers repeated headings and ignores # lines in code', () => {
		expect([...anchorsOf('# A\n## Usage\n```sh\n# not a heading\n```\n### Usage\n')]).toEqual([
			'a',
			'usage',
			'usage-1',
		]);
	});
});

describe('links between the README and docs/', () => {
	it('has pages under docs/', () => {
		expect(docsPages.length).toBeGreaterThan(0);
	});

	it('reports a missing file, a missing anchor and a link out of the repository', () => {
		const fixture = new Map([
			['README.md', '# Title\n[a](docs/gone.md) [b](docs/page.md#nope) [c](#title) `[d](x.md)`\n'],
			['docs/page.md', '# Page\n[e](../README.md#title) [f](../../elsewhere.md)\n'],
		]);
		expect(brokenLinks(fixture, () => undefined)).toEqual([
			'README.md:2 → docs/gone.md: docs/gone.md does not exist',
			'README.md:2 → docs/page.md#nope: docs/page.md has no heading with the anchor #nope',
			'docs/page.md:2 → ../../elsewhere.md: leaves the repository',
		]);
	});

	it('every relative link of README.md and docs/*.md reaches an existing file and anchor', () => {
		expect(brokenLinks(pages, readRepoFile)).toEqual([]);
	});

	it('every docs/ page is reachable from the README', () => {
		const reached = new Set(['README.md']);
		const queue = ['README.md'];
		while (queue.length > 0) {
			const page = queue.shift() as string;
			for (const file of linkedFiles(page, pages.get(page) ?? '')) {
				if (pages.has(file) && !reached.has(file)) {
					reached.add(file);
					queue.push(file);
				}
			}
		}
		expect(docsPages.filter((page) => !reached.has(page))).toEqual([]);
	});

	it('every screenshot under docs/screenshots is shown on a page', () => {
		const shown = new Set([...pages].flatMap(([page, text]) => linkedFiles(page, text)));
		const screenshots = readdirSync(path.join(root, 'docs', 'screenshots')).map(
			(name) => `docs/screenshots/${name}`,
		);
		expect(screenshots.filter((file) => !shown.has(file))).toEqual([]);
	});
});

describe('the documentation URLs n8n shows (credentials and codex)', () => {
	const repository = 'https://github.com/n8n-nodes-siro/n8n-nodes-siro';
	const readmeAnchors = anchorsOf(readFileSync(path.join(root, 'README.md'), 'utf8'));
	const codexUrls = [
		'nodes/Siro/Siro.node.json',
		'nodes/SiroTrigger/SiroTrigger.node.json',
	].flatMap((file) => {
		const codex = JSON.parse(readFileSync(path.join(root, file), 'utf8'));
		return Object.values(codex.resources as Record<string, Array<{ url: string }>>)
			.flat()
			.map(({ url }) => url);
	});
	const credentialUrls = ['SiroApi', 'SiroWebhookApi'].map(
		(name) =>
			/documentationUrl = '([^']+)'/.exec(
				readFileSync(path.join(root, 'credentials', `${name}.credentials.ts`), 'utf8'),
			)?.[1] ?? `${name}: no documentationUrl`,
	);

	it.each([...codexUrls, ...credentialUrls])('%s is a heading of the README', (url) => {
		const [base, anchor = 'readme'] = url.split('#');
		expect(base).toBe(repository);
		if (anchor !== 'readme') expect([...readmeAnchors]).toContain(anchor);
	});
});
