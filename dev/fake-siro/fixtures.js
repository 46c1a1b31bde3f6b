'use strict';
/**
 * The fake Siro's seeded demo data and the builders that make it. Identities (IDs, names, e-mails,
 * phone numbers, connection and recording IDs) are the same on every run, so DEMO can name them;
 * times are relative to the moment the server starts, so "the last 30 days" always holds data.
 * Shapes follow Siro's published OpenAPI document.
 */
const { idsFrom, seededRandom } = require('./random');

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const iso = (milliseconds) => new Date(milliseconds).toISOString();

const DEMO_ORGANIZATION_ID = 'demoOrg123';
const OTHER_ORGANIZATION_ID = 'otherOrg456';
const TEAMS = Object.freeze(['demoTeamNorth', 'demoTeamSouth', 'demoTeamEast']);

const DEMO_CONVERSATION_TYPES = Object.freeze({
	inHomeConsultation: {
		conversationType: '3f8c2a61-5b7e-4d92-9c1a-7e6b2d4f8a10',
		displayName: 'In-Home Consultation',
	},
	followUpVisit: {
		conversationType: '8b1d4e27-9a3c-4f65-b8d2-1c7e9f3a5b42',
		displayName: 'Follow-up Visit',
	},
	virtualAppointment: {
		conversationType: 'c5e7a9b3-2d4f-4a61-8e9c-3b5d7f1a2c64',
		displayName: 'Virtual Appointment',
	},
	serviceCall: {
		conversationType: '6d9f1b35-7e2a-4c83-a5f4-9d1b3e5c7a86',
		displayName: 'Service Call',
	},
	estimateReview: {
		conversationType: 'e2a4c6e8-0b1d-4f3a-9c5e-7a9b1d3f5e08',
		displayName: 'Estimate Review',
	},
});

// ---------------------------------------------------------------------------------------------
// Users: 250 in the demo organization (three pages of 100), a few in the other one.
// ---------------------------------------------------------------------------------------------

// prettier-ignore
const FIRST_NAMES = [
	'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Ethan', 'Mia', 'Lucas', 'Harper', 'Mason', 'Amelia',
	'Logan', 'Aaliyah', 'Elijah', 'Chloe', 'Mateo', 'Zoë', 'Caleb', 'Renée', 'Diego', 'Hannah',
	'Omar', 'Grace', 'Isaac', 'Layla', 'Wyatt', 'Nora', 'Gabriel', 'Riley', 'Andre', 'Camila',
	'Dylan', 'Fatima', 'Hunter', 'Imani', 'Julian', 'Keisha', 'Landon', 'Mei', 'Nathan', 'Paige',
	'Quinn', 'Rosa', 'Samuel', 'Tessa', 'Victor', 'Whitney', 'Xavier', 'Yara', 'Zachary', 'José',
	'Siobhán', 'Łukasz', 'Anh', 'Bianca', 'Connor', 'Delia', 'Emeka', 'Farah', 'Gustavo',
];
// prettier-ignore
const LAST_NAMES = [
	'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'García', 'Miller', 'Davis', 'Rodríguez',
	'Martinez', 'Hernández', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore',
	'Jackson', 'Martin', 'Lee', 'Pérez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark',
	'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres',
	'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell',
	'Mitchell', 'Carter', 'Roberts', "O'Brien", 'Müller', 'Kowalski', 'Okafor', 'Haddad', 'Tanaka',
	'Schmidt', 'Duarte', 'Byrne', 'Novak',
];
const AREA_CODES = ['212', '312', '415', '512', '617', '702', '720', '808', '904', '972'];

/** How people write a phone number in a CRM or an HR system; 555-01xx numbers are fictional. */
const PHONE_FORMATS = [
	(area, line) => `+1${area}555${line}`,
	(area, line) => `(${area}) 555-${line}`,
	(area, line) => `${area}-555-${line}`,
	(area, line) => `${area} 555 ${line}`,
	(area, line) => `+1 ${area}-555-${line}`,
	(area, line) => `+1 (${area}) 555-${line}`,
	(area, line) => `1-${area}-555-${line}`,
	(area, line) => `${area}.555.${line}`,
];

/** Folds a display name into an e-mail local part: José → Jose, O'Brien → OBrien, Łukasz → Lukasz. */
function asciiName(name) {
	return name
		.replace(/Ł/g, 'L')
		.replace(/ł/g, 'l')
		.normalize('NFD')
		.replace(/[^A-Za-z]/g, '');
}

/** How organizations spell their reps' e-mail addresses, mixed case included. */
const EMAIL_FORMATS = [
	(first, last) => `${first}.${last}@DemoHomeServices.com`,
	(first, last) => `${first}.${last}@demohomeservices.com`.toLowerCase(),
	(first, last) => `${first[0]}${last}@demohomeservices.com`,
	(first, last) => `${first.toLowerCase()}_${last.toLowerCase()}@DemoHomeServices.com`,
	(first, last) => `${first}${last}@Gmail.com`,
	(first, last) => `${first}.${last}@DEMOHOMESERVICES.COM`.toUpperCase(),
];

/** Hand-written users that tests name through DEMO.users; the rest are generated. */
const NAMED_USERS = [
	{
		key: 'demo',
		id: 'demoUser001',
		firstName: 'Avery',
		lastName: 'Morgan',
		email: 'Avery.Morgan@DemoHomeServices.com',
		phoneNumber: '+12125550100',
		externalId: '005Hs00000AvMrGn01',
		memberTeamId: 'demoTeamNorth',
		coachTeamIds: ['demoTeamNorth'],
	},
	{
		key: 'formattedPhone',
		firstName: 'Priya',
		lastName: 'Patel',
		email: 'Priya.Patel@DemoHomeServices.com',
		phoneNumber: '(312) 555-0101',
		externalId: '005Hs00000PrPtL101',
	},
	{
		key: 'spacedPhone',
		firstName: 'Marcus',
		lastName: 'Johnson',
		email: 'marcus.johnson@demohomeservices.com',
		phoneNumber: '+1 415 555 0102',
		externalId: '005Hs00000MrJhN102',
	},
	{
		key: 'dashedPhone',
		firstName: 'Sofía',
		lastName: 'Ramírez',
		email: 'SRamirez@demohomeservices.com',
		phoneNumber: '512-555-0103',
		externalId: '005Hs00000SfRmZ103',
	},
	{
		key: 'ambiguousEmailA',
		firstName: 'Jordan',
		lastName: 'Lee',
		email: 'Jordan.Lee@DemoHomeServices.com',
		phoneNumber: '+16175550104',
		externalId: '005Hs00000JrLeE104',
	},
	{
		key: 'ambiguousEmailB',
		firstName: 'Jordan',
		lastName: 'Lee',
		email: 'jordan.lee@demohomeservices.com',
		phoneNumber: '(702) 555-0105',
		externalId: null,
	},
	{
		key: 'disabled',
		firstName: 'Dana',
		lastName: 'Whitfield',
		email: 'Dana.Whitfield@DemoHomeServices.com',
		phoneNumber: '+17205550106',
		externalId: '005Hs00000DnWhT106',
		disabled: true,
	},
	{
		key: 'siroSupport',
		firstName: 'Siro',
		lastName: 'Support',
		email: 'support+demohomeservices@siro.ai',
		phoneNumber: null,
		externalId: null,
		memberTeamId: null,
		siroUser: true,
	},
	{
		key: 'siroBot',
		firstName: 'Siro',
		lastName: 'Onboarding Bot',
		email: 'Onboarding.Bot@Siro.ai',
		phoneNumber: null,
		externalId: null,
		memberTeamId: null,
		siroUser: true,
	},
	{
		key: 'noPhone',
		firstName: 'Kenji',
		lastName: 'Watanabe',
		email: 'Kenji.Watanabe@DemoHomeServices.com',
		phoneNumber: null,
		externalId: '005Hs00000KnWtB109',
	},
	{
		key: 'noEmail',
		firstName: 'Showroom',
		lastName: 'Tablet',
		email: null,
		phoneNumber: '+18085550110',
		externalId: null,
	},
	{
		key: 'bigNumberExternalId',
		firstName: 'Grace',
		lastName: "O'Connor",
		email: 'Grace.OConnor@DemoHomeServices.com',
		phoneNumber: '904 555 0111',
		externalId: '4150868000000224005',
	},
	{
		key: 'internationalPhone',
		firstName: 'Olivia',
		lastName: 'Bennett',
		email: 'Olivia.Bennett@DemoHomeServices.com',
		phoneNumber: '+44 20 7946 0112',
		externalId: '005Hs00000OlBnT112',
	},
];

const DEMO_USER_COUNT = 250;
/** Generated users at these positions are disabled (besides the named `disabled` one). */
const DISABLED_POSITIONS = new Set([47, 88, 121, 160, 199, 233]);

function buildUserProfiles() {
	const ids = idsFrom(seededRandom(20261101));
	const usedEmails = new Set();
	const profiles = [];
	const claimEmail = (email) => {
		if (email !== null) usedEmails.add(email.toLowerCase());
	};

	for (const named of NAMED_USERS) {
		// The ambiguous pair shares one address in different case, on purpose.
		if (named.key !== 'ambiguousEmailB') claimEmail(named.email);
		profiles.push({
			key: named.key,
			id: named.id || ids.userId(),
			organizationId: DEMO_ORGANIZATION_ID,
			firstName: named.firstName,
			lastName: named.lastName,
			email: named.email,
			phoneNumber: named.phoneNumber,
			externalId: named.externalId,
			memberTeamId:
				named.memberTeamId === undefined ? TEAMS[profiles.length % 3] : named.memberTeamId,
			coachTeamIds: named.coachTeamIds || [],
			disabled: named.disabled === true,
			billable: !named.siroUser && named.disabled !== true,
			suppressEmails: false,
		});
	}

	for (let position = profiles.length; position < DEMO_USER_COUNT; position++) {
		const firstName = ids.pick(FIRST_NAMES);
		const lastName = ids.pick(LAST_NAMES);
		let email = ids.pick(EMAIL_FORMATS)(asciiName(firstName), asciiName(lastName));
		for (let suffix = 2; usedEmails.has(email.toLowerCase()); suffix++)
			email = email.replace(/^([^@]*?)\d*@/, `$1${suffix}@`);
		claimEmail(email);
		// Lines 0120 and up: the named users hold 0100–0112.
		const line = `01${20 + Math.floor(position / AREA_CODES.length)}`;
		const phoneNumber =
			position % 17 === 0
				? null
				: PHONE_FORMATS[position % PHONE_FORMATS.length](
						AREA_CODES[position % AREA_CODES.length],
						line,
					);
		const disabled = DISABLED_POSITIONS.has(position);
		profiles.push({
			id: ids.userId(),
			organizationId: DEMO_ORGANIZATION_ID,
			firstName,
			lastName,
			email,
			phoneNumber,
			externalId: ids.chance(0.75) ? `005Hs00000${ids.base62(8)}` : null,
			memberTeamId: position % 11 === 0 ? null : TEAMS[position % 3],
			coachTeamIds: position % 25 === 0 ? [TEAMS[position % 3]] : [],
			disabled,
			billable: !disabled,
			suppressEmails: position % 19 === 0,
		});
	}

	const otherOrganization = [
		['Harold', 'Finch', 'Harold.Finch@OtherOrg.example', '+13125550190'],
		['Joanna', 'Reyes', 'joanna.reyes@otherorg.example', '(415) 555-0191'],
		['Avery', 'Morgan', 'Avery.Morgan@OtherOrg.example', '512 555 0192'],
	].map(([firstName, lastName, email, phoneNumber]) => ({
		id: ids.userId(),
		organizationId: OTHER_ORGANIZATION_ID,
		firstName,
		lastName,
		email,
		phoneNumber,
		externalId: `005Ot00000${ids.base62(8)}`,
		memberTeamId: null,
		coachTeamIds: [],
		disabled: false,
		billable: true,
		suppressEmails: false,
	}));
	return [...profiles, ...otherOrganization];
}

/** A user as Siro's users endpoint answers it. */
function userRecord(profile, createdAtMs) {
	return {
		id: profile.id,
		email: profile.email,
		organizationId: profile.organizationId,
		phoneNumber: profile.phoneNumber,
		firstName: profile.firstName,
		lastName: profile.lastName,
		memberTeamId: profile.memberTeamId,
		coachTeamIds: [...profile.coachTeamIds],
		externalId: profile.externalId,
		createdAt: iso(createdAtMs),
		disabled: profile.disabled,
		billable: profile.billable,
		contactSettings: { suppressEmails: profile.suppressEmails, suppressEmailErrors: false },
	};
}

// ---------------------------------------------------------------------------------------------
// Integration connections
// ---------------------------------------------------------------------------------------------

const CONNECTION_PLAN = [
	{ key: 'salesforce', name: 'Salesforce (via Merge)', platform: 'MERGE', isActive: true },
	{ key: 'hubspot', name: 'HubSpot (via Merge)', platform: 'MERGE', isActive: true },
	{
		key: 'serviceTitan',
		name: 'ServiceTitan – North Region',
		platform: 'SERVICE_TITAN',
		isActive: true,
	},
	{
		key: 'leadPerfection',
		name: 'LeadPerfection (legacy)',
		platform: 'LEAD_PERFECTION',
		isActive: false,
	},
	{ key: 'customInput', name: 'Siro Custom Input', platform: 'SIRO_CUSTOM_INPUT', isActive: true },
	{ key: 'companyCam', name: 'CompanyCam Photos', platform: 'COMPANY_CAM', isActive: true },
	{
		key: 'otherOrganization',
		name: 'Spotio',
		platform: 'SPOTIO',
		isActive: true,
		organizationId: OTHER_ORGANIZATION_ID,
	},
];

function buildConnectionIds() {
	const ids = idsFrom(seededRandom(20261102));
	return Object.fromEntries(CONNECTION_PLAN.map((plan) => [plan.key, ids.uuid()]));
}

function connectionRecord(plan, id, index, nowMs) {
	const createdAt = nowMs - (400 - index * 30) * DAY;
	const syncedAt = plan.isActive ? nowMs - (index + 1) * 7 * MINUTE : nowMs - 90 * DAY;
	const models = plan.platform === 'SIRO_CUSTOM_INPUT' ? [] : ['Opportunity', 'Contact', 'Account'];
	return {
		id,
		name: plan.name,
		externalAccountId: `acct-${id.slice(0, 8)}`,
		organizationId: plan.organizationId || DEMO_ORGANIZATION_ID,
		integrationPlatform: plan.platform,
		createdAt: iso(createdAt),
		updatedAt: iso(syncedAt),
		isActive: plan.isActive,
		syncStatus: models.map((modelName, modelIndex) => ({
			id: `${id.slice(0, 8)}-sync-${modelIndex + 1}`,
			modelName,
			modelSyncStatus: plan.isActive ? (modelIndex === 2 ? 'SYNCING' : 'UP_TO_DATE') : 'ERROR',
			modelModifiedAfter: plan.isActive ? iso(syncedAt - DAY) : null,
			createdAt: iso(createdAt),
			updatedAt: plan.isActive ? iso(syncedAt) : null,
		})),
		syncTranscript: plan.platform === 'MERGE',
	};
}

// ---------------------------------------------------------------------------------------------
// Recordings, their summaries, transcripts and follow-ups
// ---------------------------------------------------------------------------------------------

const VISIT_TITLES = [
	'In-home consultation – 42 Maple Ave',
	'Roof estimate: Henderson residence',
	'Kitchen remodel follow-up (Ortiz)',
	'HVAC service call #5521',
	'Window replacement – Chen family',
	'Solar consult · 118 Birch St',
	'Bathroom refresh estimate – Nakamura',
	'Gutter guard demo – Patel',
	'Siding quote for “The Willows” HOA',
	'Basement waterproofing – Müller',
];
const DEMO_RECORDING_COUNT = 40;
/** Positions in the demo organization's recordings (0 = newest) that DEMO names. */
const RECORDING_POSITIONS = Object.freeze({
	processing: 0,
	processedLinked: 2,
	processedUnlinked: 3,
	longTranscript: 3,
	deleted: 7,
});
const isLinkedPosition = (position) => position % 3 === 2;
const LONG_TRANSCRIPT_UTTERANCES = 250;

function buildRecordingIds() {
	const ids = idsFrom(seededRandom(20261103));
	const demo = Array.from({ length: DEMO_RECORDING_COUNT }, () => ids.uuid());
	const other = [ids.uuid(), ids.uuid()];
	return { demo, other };
}

const SUMMARY_SECTIONS = [
	[
		'Overview',
		(title) => `Rep met the homeowner for “${title}”. Walked the property and reviewed options.`,
	],
	[
		'Customer Needs',
		() => 'Wants the work done before winter; budget around $15,000 – financing interest.',
	],
	['Objections', () => 'Price versus a competitor quote; timing of the install.'],
	[
		'Next Steps',
		() => 'Send a revised quote by Friday and book a follow-up visit with both owners.',
	],
];

function buildSummary(recordingId, title) {
	return SUMMARY_SECTIONS.map(([name, content], index) => ({
		id: `${recordingId.slice(0, 8)}-summary-${index + 1}`,
		name,
		content: content(title),
	}));
}

const DIALOGUE = [
	['0', 'Hi, thanks for having me over today.'],
	['1', 'Of course, come on in. The leak is mostly in the back room.'],
	['0', 'Got it. Before we start, is it okay if I record our conversation for my notes?'],
	['1', 'Sure, that’s fine.'],
	['0', 'Great. How long has the problem been going on?'],
	['1', 'Since the storm in March, maybe a bit longer.'],
	['0', 'And have you had anyone else look at it?'],
	['1', 'One other company, their price was a lot higher.'],
	['0', 'Understood. Let me take some measurements and we can talk options.'],
	['2', 'Can we finance it? We’d rather not pay it all at once.'],
	['0', 'Yes, we have 12 and 24 month plans. I’ll include both in the quote.'],
	['1', 'My card number is on file, right?'],
	['0', 'We never need that today. Let’s book a follow-up for Friday.'],
	['1', 'Friday works. Café au lait for the road?'],
];

function buildUtterances(recordingId, repName, count) {
	const utterances = [];
	let time = 1200;
	for (let index = 0; index < count; index++) {
		const [speakerTag, text] = DIALOGUE[index % DIALOGUE.length];
		const redacted = text.startsWith('My card number');
		const length = 1400 + (index % 5) * 650;
		utterances.push({
			utterance: redacted ? '[REDACTED]' : text,
			startTimeInMillis: time,
			endTimeInMillis: time + length,
			speakerTag,
			redacted,
			confidence: Number((0.86 + ((index * 7) % 13) / 100).toFixed(4)),
		});
		time += length + 300;
	}
	return {
		utterances,
		isLowDataMode: false,
		speakerMap: { 0: repName, 1: 'Customer', 2: 'Customer (spouse)' },
	};
}

function buildEntityExtractions() {
	return [
		{
			name: 'Budget',
			value: '15000',
			mappings: [{ crmModelName: 'Opportunity', crmFieldName: 'Amount' }],
		},
		{ name: 'Decision makers', value: ['Pat', 'Sam'], mappings: null },
		{ name: 'Financing interest', value: true, mappings: null },
		{ name: 'Competitor quote', value: 18250, mappings: [] },
	];
}

/** CRM links as Siro reports them: internal IDs paired with the CRM's own IDs. */
function buildCrmLinks(recordingId, integrationConnectionId, rep) {
	const short = recordingId.slice(0, 6);
	return {
		integrationConnectionId,
		users: [
			{ id: `crmuser-${rep.id.slice(0, 6)}`, externalId: rep.externalId || `005Hs00000${short}U` },
		],
		engagement: { id: `eng-${short}`, externalId: `00U5e00000${short}E` },
		opportunity: { id: `opp-${short}`, externalId: `0065e00000${short}O` },
		contacts: [
			{ id: `con-${short}-1`, externalId: `0035e00000${short}C` },
			{ id: `con-${short}-2`, externalId: `0035e00000${short}D` },
		],
		account: { id: `acc-${short}`, externalId: `0015e00000${short}A` },
	};
}

function buildFollowup(recording, rep, nowMs) {
	const followupId = `fu-${recording.id.slice(0, 8)}`;
	const created = Date.parse(recording.updatedAt);
	return {
		recordingId: recording.id,
		recordingTitle: recording.title,
		repName: `${rep.firstName} ${rep.lastName}`,
		repId: rep.id,
		teamName: rep.memberTeamId ? rep.memberTeamId.replace('demoTeam', 'Team ') : null,
		teamId: rep.memberTeamId || TEAMS[0],
		followupId,
		dateCreated: iso(created),
		followupType: 'REHASH',
		score: 4,
		followupAction: 'Call back with a revised quote',
		context: [
			{ header: 'MAIN_OBJECTION', value: 'Price versus a competitor quote' },
			{ header: 'FOLLOW_UP_TIME', value: 'Friday afternoon' },
		],
		updatedAt: iso(Math.min(created + HOUR, nowMs)),
		metadata: [{ source: 'siro' }],
		starred: false,
		status: 'TO_DO',
		thinking: 'Strong interest, price objection only; financing may close it.',
		history: [
			{
				id: `${followupId}-h1`,
				updatedBy: 'Siro',
				updatedByUserId: null,
				createdAt: iso(created),
				note: 'Created from the recording',
				status: 'TO_DO',
			},
		],
		crmUrl: null,
		crmCustomer: null,
		hasFollowupComment: false,
		note: null,
		completed: false,
		completedBy: null,
		completedAt: null,
	};
}

/**
 * A recording as the store keeps it: every optional part present, so the routes can choose what the
 * `show*` options reveal. `crm` is null while unlinked.
 */
function recordingRecord({
	id,
	rep,
	title,
	createdAtMs,
	durationMs,
	position,
	processed,
	crm,
	nowMs,
}) {
	const result = ['OPEN', 'WON', 'OPEN', 'LOST'][position % 4];
	const recording = {
		id,
		organizationId: rep.organizationId,
		userId: rep.id,
		title,
		durationInMilliseconds: durationMs,
		latitude: Number((40.7128 + (position % 7) * 0.013).toFixed(6)),
		longitude: Number((-74.006 - (position % 5) * 0.017).toFixed(6)),
		result,
		createdAt: iso(createdAtMs),
		updatedAt: iso(
			processed ? Math.min(createdAtMs + durationMs + 9 * MINUTE, nowMs) : createdAtMs,
		),
		rootDataPurgedAt: null,
		deleted: false,
		deletedAt: null,
		links: { web: { self: `https://app.siro.ai/recordings/${id}` } },
		isProcessingDone: processed,
		isEntityExtractionDone: processed,
		isSummaryDone: processed,
		crm,
		summary: processed ? buildSummary(id, title) : [],
		entityExtractions: processed ? buildEntityExtractions() : [],
		evaluationScore: processed ? 55 + ((position * 13) % 45) : null,
		followups: [],
	};
	if (processed && crm && result === 'OPEN')
		recording.followups = [buildFollowup(recording, rep, nowMs)];
	return recording;
}

// ---------------------------------------------------------------------------------------------
// Conversation configurations (platform API)
// ---------------------------------------------------------------------------------------------

function buildExpressions() {
	return [
		{
			title: 'Price',
			identifiers: ['\\bprice\\b', '\\bcost\\b'],
			type: 'KEY_WORD',
			overrideParent: false,
		},
		{
			title: 'Close',
			identifiers: ['sign (the|this) (contract|agreement)'],
			type: 'CLOSE',
			overrideParent: false,
		},
	];
}

function buildDebriefQuestions(conversationType) {
	return [
		{
			id: `${conversationType.slice(0, 8)}-q1`,
			prompt: 'What was the outcome?',
			responseType: 'SELECT_RESPONSE',
			responseConfig: { options: ['Sold', 'Follow-up needed', 'No sale'], dropdown: true },
			sortValue: 1,
		},
		{
			id: `${conversationType.slice(0, 8)}-q2`,
			prompt: 'Next appointment date',
			responseType: 'DATE_RESPONSE',
			responseConfig: { includeTime: true, required: false },
			sortValue: 2,
			includeIf: [{ questionId: `${conversationType.slice(0, 8)}-q1`, value: 'Follow-up needed' }],
		},
	];
}

function buildConfiguration({ ownerId, orgId, teamId, conversationType, displayName }) {
	const configuration = {
		id: `${ownerId}-${conversationType}`,
		conversationType,
		displayName,
		orgId,
		displayBookmarksInDebrief: true,
		expressions: buildExpressions(),
		overrideAllParentExpressions: false,
		debriefQuestions: buildDebriefQuestions(conversationType),
		tagConfigurations: [],
		belongsToConfigGroups: [`${orgId}-default-group`],
		bookmarkGroupIds: [],
		chatBotKnowledgeBaseIds: [],
		halftimeModeEnabled: false,
		summaryPrompts: [
			{ id: `${conversationType.slice(0, 8)}-s1`, prompt: 'Summarize the visit.', promptIndex: 0 },
		],
	};
	if (teamId) configuration.teamId = teamId;
	return configuration;
}

function buildSeedConfigurations() {
	const demoOrgLevel = Object.values(DEMO_CONVERSATION_TYPES).map((type) =>
		buildConfiguration({ ownerId: DEMO_ORGANIZATION_ID, orgId: DEMO_ORGANIZATION_ID, ...type }),
	);
	// Siro also returns team-level configurations: same conversationType UUID and name as the org's.
	const demoTeamLevel = buildConfiguration({
		ownerId: TEAMS[0],
		orgId: DEMO_ORGANIZATION_ID,
		teamId: TEAMS[0],
		...DEMO_CONVERSATION_TYPES.inHomeConsultation,
	});
	const otherOrg = buildConfiguration({
		ownerId: OTHER_ORGANIZATION_ID,
		orgId: OTHER_ORGANIZATION_ID,
		conversationType: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
		displayName: 'Site Survey',
	});
	return {
		[DEMO_ORGANIZATION_ID]: [...demoOrgLevel, demoTeamLevel],
		[OTHER_ORGANIZATION_ID]: [otherOrg],
	};
}

function buildManyConfigurations(organizationId, count) {
	const configurations = [];
	for (let index = 0; index < count; index++) {
		const hex = index.toString(16).padStart(12, '0');
		configurations.push(
			buildConfiguration({
				ownerId: organizationId,
				orgId: organizationId,
				conversationType: `00000000-0000-4000-8000-${hex}`,
				displayName: `Conversation Type ${index + 1}`,
			}),
		);
	}
	return configurations;
}

// ---------------------------------------------------------------------------------------------
// DEMO: the identities and secrets tests and `npm start` use
// ---------------------------------------------------------------------------------------------

const USER_PROFILES = buildUserProfiles();
const CONNECTION_IDS = buildConnectionIds();
const RECORDING_IDS = buildRecordingIds();

/** A generated user who coaches a team (every 25th does) and is not disabled. */
const SCORECARD_COACH_POSITION = 25;

const namedUser = (key) => {
	const { id, email, phoneNumber, externalId, firstName, lastName } = USER_PROFILES.find(
		(profile) => profile.key === key,
	);
	return Object.freeze({ id, email, phoneNumber, externalId, firstName, lastName });
};

/** Seeded identities and secrets. Fake values only: accepted by this server and nowhere else. */
const DEMO = Object.freeze({
	organizationId: DEMO_ORGANIZATION_ID,
	organizationName: 'Demo Home Services',
	teamId: TEAMS[0],
	/** An organization the demo user is not a member of: asking for it answers 403. */
	otherOrganizationId: OTHER_ORGANIZATION_ID,
	userId: 'demoUser001',
	/** Platform API (x-siro-auth-token) token of the demo user. */
	userAccessToken: 'G2WpeDb0v9W95xgibeJwhaS/H6Ul259XUY4Owy+7IuUmxFpK',
	/** External API (Authorization: Bearer) token of the demo organization. */
	organizationApiToken: 'sot_hFgTkDu1eV+LiPWgLBFyF15G+XMoLTo0SJZRz/V6',
	/** External API token of the other organization. */
	otherOrganizationApiToken: 'sot_0hbefuLc/FPyrHDLvX+nuePJMa5YLYYVHFUK2Gp0',
	organizationApiTokenId: 'tok_7Qm2Xc9LpR4sVw1N',
	oauthClientId: 'demo-oauth-client-01',
	oauthClientSecret: 'cs_vt/sYNY55c4OxTNwGvCwWTGM/ol8Ce/+RCOZ7ITRmAZX',
	/** Svix-style signing secret of the demo webhook endpoint, and the next one (rotation). */
	webhookSigningSecret: 'whsec_/Af3lRzZJ84bTKEKq1kXenPp5PGcMF/p',
	webhookSigningSecretNext: 'whsec_4tNmi5Q5TnIr3ECUR24THHQX9AXPW1Zd',
	conversationTypes: DEMO_CONVERSATION_TYPES,
	/** The conversationType that also has a team-level configuration (same UUID, same name). */
	teamConversationType: DEMO_CONVERSATION_TYPES.inHomeConsultation.conversationType,
	/** Display name given a second, different UUID by the `duplicateNames` fault. */
	duplicatedDisplayName: DEMO_CONVERSATION_TYPES.followUpVisit.displayName,
	duplicateConversationType: '0f1e2d3c-4b5a-4697-8877-665544332211',
	/** Users of the demo organization: how many, the default page size, and named examples. */
	userCount: DEMO_USER_COUNT,
	usersPageSize: 100,
	/** Two users whose e-mails differ only in case. */
	ambiguousEmail: 'jordan.lee@demohomeservices.com',
	users: Object.freeze(
		Object.fromEntries(NAMED_USERS.map((named) => [named.key, namedUser(named.key)])),
	),
	otherOrganizationUserId: USER_PROFILES.find((p) => p.organizationId === OTHER_ORGANIZATION_ID).id,
	integrationConnections: Object.freeze({ ...CONNECTION_IDS }),
	recordingCount: DEMO_RECORDING_COUNT,
	recordingsPageSize: 25,
	recordings: Object.freeze({
		processing: RECORDING_IDS.demo[RECORDING_POSITIONS.processing],
		processedLinked: RECORDING_IDS.demo[RECORDING_POSITIONS.processedLinked],
		processedUnlinked: RECORDING_IDS.demo[RECORDING_POSITIONS.processedUnlinked],
		longTranscript: RECORDING_IDS.demo[RECORDING_POSITIONS.longTranscript],
		deleted: RECORDING_IDS.demo[RECORDING_POSITIONS.deleted],
		otherOrganization: RECORDING_IDS.other[0],
	}),
	longTranscriptUtterances: LONG_TRANSCRIPT_UTTERANCES,
	mobileEventsPageSize: 100,
	/**
	 * Scorecard roles (platform API): the demo user is an organization admin (evaluates anyone); a
	 * coach who is not an admin (member and coach of teamId) and a rep (member of teamId, coaching
	 * none), each with a user token.
	 */
	scorecardCoach: Object.freeze({
		userId: USER_PROFILES[SCORECARD_COACH_POSITION].id,
		teamId: USER_PROFILES[SCORECARD_COACH_POSITION].coachTeamIds[0],
		accessToken: 'HPLBmzMh0v6TfUEuDAZVHN5spm2oiKKHiY/Jlol5JDkBKA0V',
	}),
	scorecardRep: Object.freeze({
		userId: namedUser('formattedPhone').id,
		teamId: /** @type {string} */ (
			USER_PROFILES.find((profile) => profile.key === 'formattedPhone').memberTeamId
		),
		accessToken: 'E3r2GvMVLwZVbdd8/X32zXSArI02dUy009wu8UQEHG7WPv06',
	}),
	scorecards: Object.freeze({
		inHomeConsultation: 'scInst-inhome-2026',
		followUpVisit: 'scInst-followup-2026',
		retired: 'scInst-inhome-2025',
		otherOrganization: 'scInst-other-2026',
	}),
});

// ---------------------------------------------------------------------------------------------
// Scorecards: instances with their metrics (values are computed from recordings: scorecards.js)
// ---------------------------------------------------------------------------------------------

/** The metrics of the fake's scorecards: where each sits, its unit and its target. */
const SCORECARD_METRICS = Object.freeze([
	{
		key: 'talkRatio',
		section: 'Discovery',
		name: 'Talk ratio',
		unit: 'percent',
		abbreviated: '%',
		metricType: 'TALK_RATIO',
		minTarget: 40,
		maxTarget: 60,
	},
	{
		key: 'questions',
		section: 'Discovery',
		name: 'Discovery questions',
		unit: 'questions',
		abbreviated: 'qs',
		metricType: 'QUESTION_COUNT',
		minTarget: 5,
	},
	{
		key: 'nextSteps',
		section: 'Close',
		name: 'Next steps agreed',
		unit: 'percent',
		abbreviated: '%',
		metricType: 'LLM_BOOLEAN',
		minTarget: 80,
	},
	{
		key: 'length',
		section: 'Close',
		name: 'Conversation length',
		unit: 'minutes',
		abbreviated: 'min',
		metricType: 'CONVERSATION_TIME',
		minTarget: 20,
		maxTarget: 60,
	},
]);

/** A metric as a scorecard's metricConfigurations (and the metric values) describe it. */
function metricConfiguration(metric) {
	return {
		id: `metric-${metric.key}`,
		name: metric.name,
		unit: metric.unit,
		unitAbbreviated: metric.abbreviated,
		metricType: metric.metricType,
		description: `${metric.name} over the evaluated recordings`,
		llmPrompt: null,
	};
}

function buildScorecardInstance({
	id,
	name,
	organizationId,
	conversationType,
	isActive,
	createdAtMs,
}) {
	const sections = [...new Set(SCORECARD_METRICS.map((metric) => metric.section))];
	const sectionId = (section) => `${id}-section-${section.toLowerCase()}`;
	const nodes = [
		...sections.map((section, index) => ({
			id: sectionId(section),
			name: section,
			indexNumber: index,
			parentId: null,
			nodeType: 'SECTION',
			metadata: {},
			description: `${section} behaviours`,
		})),
		...SCORECARD_METRICS.map((metric, index) => ({
			id: `${id}-node-${metric.key}`,
			name: metric.name,
			indexNumber: index,
			parentId: sectionId(metric.section),
			nodeType: 'METRIC',
			metadata: { metricId: `metric-${metric.key}`, metricType: metric.metricType },
			description: `${metric.name} over the evaluated recordings`,
		})),
	];
	return {
		id,
		name,
		nodes,
		metricRubrics: SCORECARD_METRICS.map((metric) => ({
			scorecardNodeId: `${id}-node-${metric.key}`,
			scorecardMetricId: `metric-${metric.key}`,
			metricPointTotal: 25,
			minTarget: metric.minTarget ?? null,
			maxTarget: metric.maxTarget ?? null,
			targetTolerance: 0,
		})),
		sectionWeights: sections.map((section) => ({
			scorecardNodeId: sectionId(section),
			weight: 0.5,
		})),
		metricConfigurations: SCORECARD_METRICS.map(metricConfiguration),
		createdAt: iso(createdAtMs),
		updatedAt: iso(createdAtMs),
		organizationId,
		conversationType,
		isActive,
		scorecardConfigId: `${id}-config`,
		editable: true,
		description: `How ${name} is scored`,
		colorConfigurations: [
			{ color: 'RED', lowRange: 0, highRange: 49 },
			{ color: 'YELLOW', lowRange: 50, highRange: 74 },
			{ color: 'GREEN', lowRange: 75, highRange: 100 },
		],
		// Not in Siro's partial schema: kept by the client as Siro sends it.
		scorecardConfigVersion: 4,
	};
}

function buildScorecardInstances(nowMs) {
	const { inHomeConsultation, followUpVisit } = DEMO_CONVERSATION_TYPES;
	return [
		[
			DEMO.scorecards.inHomeConsultation,
			'In-Home Consultation Scorecard',
			DEMO_ORGANIZATION_ID,
			inHomeConsultation,
			true,
		],
		[
			DEMO.scorecards.followUpVisit,
			'Follow-up Visit Scorecard',
			DEMO_ORGANIZATION_ID,
			followUpVisit,
			true,
		],
		[
			DEMO.scorecards.retired,
			'In-Home Consultation Scorecard (2025)',
			DEMO_ORGANIZATION_ID,
			inHomeConsultation,
			false,
		],
		[
			DEMO.scorecards.otherOrganization,
			'Site Survey Scorecard',
			OTHER_ORGANIZATION_ID,
			followUpVisit,
			true,
		],
	].map(([id, name, organizationId, type, isActive], index) =>
		buildScorecardInstance({
			id,
			name,
			organizationId,
			conversationType: type.conversationType,
			isActive,
			createdAtMs: nowMs - (200 - index) * DAY,
		}),
	);
}

// ---------------------------------------------------------------------------------------------
// The store: everything the server answers from, materialized at a given time
// ---------------------------------------------------------------------------------------------

/** The seeded deep link a rep tapped before a seeded recording started. */
function seededRecordLink(recording) {
	const conversationType =
		Object.values(DEMO_CONVERSATION_TYPES)[recording.title.length % 5].conversationType;
	return `https://app.siro.ai/record?action=start&title=${encodeURIComponent(recording.title)}&conversationType=${conversationType}`;
}

/**
 * Mobile events for the seeded recordings (deep-link taps for half of them, button presses for the
 * rest, a stop and a title change each) and everyday app events for the first reps. Each event
 * carries the `batch` it was uploaded in (the phone sends events in batches), which the listing uses
 * to nest `data` as Siro's document types it.
 */
function buildSeedMobileEvents(recordings, users, ids, nowMs) {
	const events = [];
	const add = (batch, user, eventCode, event, atMs, recordingId) => {
		const record = {
			id: ids.uuid(),
			userId: user.id,
			organizationId: user.organizationId,
			eventCode,
			event,
			createdAt: iso(atMs),
		};
		if (recordingId) record.recordingId = recordingId;
		events.push({ batch, record });
	};
	const usersById = new Map(users.map((user) => [user.id, user]));
	recordings.forEach((recording, position) => {
		const rep = usersById.get(recording.userId);
		const startMs = Date.parse(recording.createdAt);
		const byDeepLink = position % 2 === 0;
		const startBatch = `seed-start-${position}`;
		if (byDeepLink) {
			const fullUrl = seededRecordLink(recording);
			add(startBatch, rep, 'deeplinkReceived', { fullUrl }, startMs - 21000);
			add(startBatch, rep, 'deeplinkConsumed', { fullUrl }, startMs - 19500);
		}
		const trigger = byDeepLink ? 'deeplink' : 'buttonPress';
		add(startBatch, rep, 'recorderStateChange', { value: 'start', trigger }, startMs, recording.id);
		add(
			startBatch,
			rep,
			'recordingMetadataChanged',
			{ title: recording.title },
			startMs + 4000,
			recording.id,
		);
		if (recording.isProcessingDone) {
			const stopMs = startMs + recording.durationInMilliseconds;
			add(
				`seed-stop-${position}`,
				rep,
				'recorderStateChange',
				{ value: 'stop', trigger: 'buttonPress' },
				stopMs,
				recording.id,
			);
		}
	});
	users
		.filter((user) => user.organizationId === DEMO_ORGANIZATION_ID && !user.disabled)
		.slice(0, 16)
		.forEach((user, index) => {
			const batch = `seed-app-${index}`;
			const atMs = nowMs - (3 * DAY - index * 2 * HOUR);
			add(batch, user, 'userAuthStatusChanged', { status: 'authenticated' }, atMs);
			add(batch, user, 'consentStatusChanged', { status: 'granted' }, atMs + 2000);
			add(batch, user, 'appStateChange', { value: 'active' }, atMs + 3000);
			add(
				batch,
				user,
				'networkStatusChange',
				{ value: index % 4 === 0 ? 'offline' : 'online' },
				atMs + 60000,
			);
			add(batch, user, 'appStateChange', { value: 'background' }, atMs + 5 * MINUTE);
		});
	return events;
}

/**
 * Builds the mutable store the server answers from. `nowMs` anchors every seeded time.
 * @param {{ nowMs: number, configurationsByOrg?: Record<string, object[]> }} options
 */
function seedStore({ nowMs, configurationsByOrg }) {
	const users = USER_PROFILES.map((profile, index) =>
		userRecord(profile, nowMs - 300 * DAY + index * HOUR),
	);
	const demoReps = users.filter(
		(user, index) =>
			user.organizationId === DEMO_ORGANIZATION_ID && !USER_PROFILES[index].key?.startsWith('siro'),
	);
	const connectionPlanByKey = Object.fromEntries(CONNECTION_PLAN.map((plan) => [plan.key, plan]));
	const integrationConnections = CONNECTION_PLAN.map((plan, index) =>
		connectionRecord(plan, CONNECTION_IDS[plan.key], index, nowMs),
	);
	const linkedConnections = ['salesforce', 'serviceTitan', 'hubspot'].filter(
		(key) => connectionPlanByKey[key].isActive,
	);

	const recordings = [];
	const utterancesByRecording = {};
	RECORDING_IDS.demo.forEach((id, position) => {
		const rep = demoReps[(position * 7) % 30];
		const processed = position > RECORDING_POSITIONS.processing + 1;
		const durationMs = (12 + ((position * 11) % 70)) * MINUTE;
		const connection = CONNECTION_IDS[linkedConnections[position % linkedConnections.length]];
		const recording = recordingRecord({
			id,
			rep,
			title: VISIT_TITLES[position % VISIT_TITLES.length],
			createdAtMs: nowMs - (2 * HOUR + position * 17 * HOUR),
			durationMs,
			position,
			processed,
			crm: processed && isLinkedPosition(position) ? buildCrmLinks(id, connection, rep) : null,
			nowMs,
		});
		if (position === RECORDING_POSITIONS.deleted) {
			recording.deleted = true;
			recording.deletedAt = iso(Date.parse(recording.updatedAt) + HOUR);
			recording.updatedAt = recording.deletedAt;
		}
		recordings.push(recording);
		const repName = `${rep.firstName} ${rep.lastName}`;
		utterancesByRecording[id] = processed
			? buildUtterances(
					id,
					repName,
					position === RECORDING_POSITIONS.longTranscript
						? LONG_TRANSCRIPT_UTTERANCES
						: 2 * DIALOGUE.length,
				)
			: buildUtterances(id, repName, 0);
	});
	const otherRep = users.find((user) => user.organizationId === OTHER_ORGANIZATION_ID);
	RECORDING_IDS.other.forEach((id, position) => {
		recordings.push(
			recordingRecord({
				id,
				rep: otherRep,
				title: `Site survey ${position + 1}`,
				createdAtMs: nowMs - (5 + position) * HOUR,
				durationMs: 20 * MINUTE,
				position,
				processed: true,
				crm: buildCrmLinks(id, CONNECTION_IDS.otherOrganization, otherRep),
				nowMs,
			}),
		);
		utterancesByRecording[id] = buildUtterances(
			id,
			`${otherRep.firstName} ${otherRep.lastName}`,
			6,
		);
	});

	const seededEvents = buildSeedMobileEvents(
		recordings,
		users,
		idsFrom(seededRandom(20261104)),
		nowMs,
	);
	const mobileEventBatches = new Map(seededEvents.map(({ batch, record }) => [record.id, batch]));

	return {
		/** organization ID → its conversation configurations */
		configurationsByOrg: /** @type {Record<string, object[]>} */ (
			configurationsByOrg || buildSeedConfigurations()
		),
		/** user id → organizations the user is a member or admin of (platform API access) */
		memberships: /** @type {Record<string, string[]>} */ ({
			[DEMO.userId]: [DEMO_ORGANIZATION_ID],
			[DEMO.scorecardCoach.userId]: [DEMO_ORGANIZATION_ID],
			[DEMO.scorecardRep.userId]: [DEMO_ORGANIZATION_ID],
		}),
		/** users who administer the organizations they are members of (scorecard role rules) */
		admins: new Set([DEMO.userId]),
		scorecardInstances: buildScorecardInstances(nowMs),
		/** organization API token → what caller identity tells about it */
		organizationApiTokens: {
			[DEMO.organizationApiToken]: {
				tokenId: DEMO.organizationApiTokenId,
				tokenName: 'n8n automations',
				organizationId: DEMO_ORGANIZATION_ID,
				authorizedOrgGroupId: null,
				parentOrgGroupTokenId: null,
				createdAt: iso(nowMs - 45 * DAY),
				createdBy: DEMO.userId,
			},
			[DEMO.otherOrganizationApiToken]: {
				tokenId: 'tok_Zr8vK3nQ6tYb0HdE',
				tokenName: 'Zapier',
				organizationId: OTHER_ORGANIZATION_ID,
				authorizedOrgGroupId: null,
				parentOrgGroupTokenId: null,
				createdAt: iso(nowMs - 90 * DAY),
				createdBy: null,
			},
		},
		/** OAuth client ID → its secret and organization */
		oauthApps: {
			[DEMO.oauthClientId]: {
				clientSecret: DEMO.oauthClientSecret,
				organizationId: DEMO_ORGANIZATION_ID,
			},
		},
		/** user token → { userId, usesLeft } ; usesLeft is Infinity unless limitUserTokenUses() was called */
		userTokens: new Map([
			[DEMO.userAccessToken, { userId: DEMO.userId, usesLeft: Infinity }],
			[DEMO.scorecardCoach.accessToken, { userId: DEMO.scorecardCoach.userId, usesLeft: Infinity }],
			[DEMO.scorecardRep.accessToken, { userId: DEMO.scorecardRep.userId, usesLeft: Infinity }],
		]),
		users,
		integrationConnections,
		recordings,
		utterancesByRecording,
		mobileEvents: seededEvents.map(({ record }) => record),
		/** mobile event id → the upload batch it came in (nests the listing's `data`) */
		mobileEventBatches,
		/** synced appointments, which reps are on them, and opportunities (engagements.js) */
		engagements: [],
		engagementUsers: [],
		opportunities: [],
	};
}

module.exports = {
	DEMO,
	SCORECARD_METRICS,
	metricConfiguration,
	seedStore,
	buildConfiguration,
	buildManyConfigurations,
	buildCrmLinks,
	buildSummary,
	buildUtterances,
	buildEntityExtractions,
	buildFollowup,
	iso,
};
