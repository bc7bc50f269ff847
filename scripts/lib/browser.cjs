// What the screenshots and the end-to-end test share: headless Chromium started the way
// this machine's Debian package runs it, and a login through the real login page.
const { chromium } = require("playwright-core");

async function openPage() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  return { browser, page };
}

async function logIn(page, base, creds, timeout) {
  await page.goto(`${base}/`);
  await page.locator("input[name=username], input[autocomplete=username]").first().fill(creds.username);
  await page.locator("input[name=password], input[type=password]").first().fill(creds.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => !url.pathname.startsWith("/auth/"), { timeout });
  // The frontend trades the login's code for tokens after the redirect; leaving the page
  // before they are kept would land on the login page again.
  await page.waitForFunction(() => localStorage.getItem("hassTokens"), null, { timeout });
}

module.exports = { openPage, logIn };
