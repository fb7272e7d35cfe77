/* global process, document */
// Drives the helpers' console in the system Chromium (puppeteer-core is ESM only, so the jest
// test runs this script as a child process): log in with the token, open the case, read its
// thread, reply. Arguments: <chromium> <base url> <token> <case id> <reply text>. Exit 0 = done.
import { launch } from 'puppeteer-core';

const [executablePath, base, token, caseId, text] = process.argv.slice(2);
const browser = await launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage();
  await page.goto(`${base}/admin/ui`);
  await page.type('#token', token);
  await page.click('#login button[type=submit]');
  await page.waitForSelector(`button.open-case[data-id="${caseId}"]`, { visible: true, timeout: 15000 });
  await page.click(`button.open-case[data-id="${caseId}"]`);
  await page.waitForFunction(() => !document.querySelector('#panel').hidden, { timeout: 15000 });
  const thread = await page.$eval('#thread', (e) => e.textContent);
  await page.type('#replyText', text);
  await page.click('#replySend');
  await page.waitForFunction(() => document.querySelector('#panelStatus').textContent.includes('보냈어요'), {
    timeout: 15000,
  });
  process.stdout.write(JSON.stringify({ thread }));
} finally {
  await browser.close();
}
