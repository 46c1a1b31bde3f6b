/**
 * createSiroClient as the package exports it: the API client, its user writes reading phone numbers
 * by the numbering plans (userPhoneRules.ts) as Find User reads them.
 */
import {
	createSiroClient as createApiClient,
	type SiroClient,
	type SiroClientOptions,
} from '../client';
import { withUserPhoneRules } from './userPhoneRules';

export function createSiroClient(options: SiroClientOptions): SiroClient {
	return withUserPhoneRules(createApiClient(options));
}
