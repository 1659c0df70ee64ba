/** A person signing in through the sandbox's pages over HTTP: the device login page and the authorize page. */
import type { RunningSandbox } from '../../electron/core/sandbox/index';
import { sandboxFetch } from './sandbox';

const unescape = (text: string): string =>
  text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

/** The hidden inputs and the action of the first form of a page. */
export function formOf(html: string): { action: string | null; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[unescape(match[1] ?? '')] = unescape(match[2] ?? '');
  }
  return { action: action ? unescape(action) : null, fields };
}

/** Enters a user code on /devicelogin and approves it as `upn` (or declines); returns the page's HTTP status. */
export async function approveDeviceCode(
  sandbox: RunningSandbox,
  userCode: string,
  /** The account's UPN, or "decline". */
  upn: string,
): Promise<number> {
  const fetch = sandboxFetch(sandbox);
  const page = await fetch(`${sandbox.authorityHost}/devicelogin`);
  if (!(await page.text()).includes('name="otc"')) throw new Error('no code field on the device login page');
  const body = new URLSearchParams({ otc: userCode, ...(upn === 'decline' ? { decline: '1' } : { account: upn }) });
  const response = await fetch(`${sandbox.authorityHost}/devicelogin`, { method: 'POST', body });
  await response.text();
  return response.status;
}

/**
 * What the system browser does with the authorize URL MSAL opens: shows the sign-in page, the person picks an
 * account, and the page's self-submitting form posts the code to the loopback redirect.
 */
export async function completeBrowserSignIn(sandbox: RunningSandbox, url: string, upn: string): Promise<void> {
  const fetch = sandboxFetch(sandbox);
  const signInPage = await fetch(url);
  const html = await signInPage.text();
  if (signInPage.status !== 200) throw new Error(`sign-in page: HTTP ${signInPage.status}: ${html.slice(0, 300)}`);
  const { fields } = formOf(html);
  const answer = await fetch(url.split('?')[0] ?? url, {
    method: 'POST',
    body: new URLSearchParams({ ...fields, account: upn }),
  });
  const answerHtml = await answer.text();
  const posted = formOf(answerHtml);
  if (!posted.action) throw new Error(`no form_post answer: ${answerHtml.slice(0, 300)}`);
  // The loopback listener is plain http on 127.0.0.1/localhost: an ordinary fetch reaches it.
  const loopback = await globalThis.fetch(posted.action, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(posted.fields).toString(),
  });
  await loopback.text();
}
