import { csvValueProblem } from '../../../shared/domain/csv/values';
import type { TagChain } from '../../../shared/ipc/device-schemas';

const UPN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Why a typed group tag cannot be used, or null. */
export function tagProblem(tag: string): string | null {
  if (tag === '') return null;
  if (tag.length > 128) return 'At most 128 characters.';
  const problem = csvValueProblem(tag);
  return problem ? `The tag ${problem}.` : null;
}

/** Why a typed assigned user is not a user principal name, or null. */
export function userProblem(user: string): string | null {
  if (user === '') return null;
  return UPN.test(user) ? null : 'Enter a user principal name such as alex@contoso.com.';
}

/** The chain of a tag, matched case-insensitively as Entra matches [OrderID] values. */
export function chainOf(tags: readonly TagChain[], tag: string): TagChain | undefined {
  const key = tag.trim().toUpperCase();
  return tags.find((chain) => chain.tag.toUpperCase() === key);
}

/** True when the tag leads to a deployment profile. */
export function leadsToProfile(chain: TagChain | undefined): boolean {
  return chain !== undefined && chain.profiles.length > 0;
}
