import { readFileSync } from 'node:fs';
import path from 'node:path';

import { buildRecordLink, parseRecordLink } from '../../nodes/Siro/core';

/** The Record Link page (README → Operations), where the worked example and Parse's example live. */
const recordLinkPage = readFileSync(path.resolve(__dirname, '../../docs/record-link.md'), 'utf8');

describe('docs/record-link.md', () => {
	it("shows the link the worked example's inputs really build", () => {
		const shown = recordLinkPage
			.slice(recordLinkPage.indexOf('**Worked example.**'))
			.match(/```\n(https:\/\/app\.siro\.ai\/record\?[^\n]+)\n```/)?.[1];
		expect(shown).toBe(
			buildRecordLink({
				action: 'start',
				title: 'Jones (2nd visit) + gutters',
				conversationType: '3f8c2a61-5b7e-4d92-9c1a-7e6b2d4f8a10',
				integrationConnectionId: 'conn-salesforce-1',
				crmObjects: [{ objectType: 'lead', objectId: '00QB2' }],
			}).url,
		);
	});

	it("describes Parse record link's example as the parser reports it", () => {
		const { valid, issues } = parseRecordLink(
			'https://app.siro.ai/record?action=stop&title=Smith+visit',
		);
		expect(recordLinkPage).toContain(
			'`https://app.siro.ai/record?action=stop&title=Smith+visit` → `valid: false`',
		);
		expect(valid).toBe(false);
		expect(issues).toEqual([
			expect.stringMatching(/^title contains a raw "\+"/),
			expect.stringMatching(/^title is not valid for a stop link: Siro ignores it there/),
		]);
	});
});
