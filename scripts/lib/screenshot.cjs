// Logs in to the development instance like a person would and saves screenshots.
const { logIn, openPage } = require("./browser.cjs");
const fs = require("fs");
const path = require("path");

const BASE = process.env.APPLIANCE_CARE_DEV_URL || "http://127.0.0.1:8123";
const OUT = process.env.OUT;
const creds = JSON.parse(fs.readFileSync(process.env.CREDENTIALS, "utf8"));

async function shot(page, url, name, waitFor, collapse) {
  await page.goto(`${BASE}${url}`);
  if (collapse) {
    // Fold a long group away so that what the shot is about is in view.
    const header = page.getByText(collapse, { exact: false }).first();
    await header.waitFor({ timeout: 180000 });
    await header.click();
  }
  if (waitFor) {
    try {
      // The first visit after a start loads the whole frontend: allow for it.
      await page.getByText(waitFor, { exact: false }).first().waitFor({ timeout: 180000 });
    } catch (err) {
      await page.screenshot({ path: path.join(OUT, `failed-${name}`) });
      throw err;
    }
  }
  await page.waitForTimeout(3000);
  const file = path.join(OUT, name);
  await page.screenshot({ path: file });
  console.log(`saved ${file}`);
}

(async () => {
  const { browser, page } = await openPage();
  await logIn(page, BASE, creds, 120000);
  await shot(page, "/config/devices/dashboard?domain=appliance_care", "demo-devices.png", "Washer");
  await page.getByText("Washer", { exact: true }).first().click();
  await page.getByText("Simulated washer").first().waitFor({ timeout: 60000 });
  if (process.env.PRESS_START) {
    // Start the selected program through the REST API (a click could land on one of the
    // maintenance buttons beside Start), then let the simulation run for a while.
    const token = await page.evaluate(() => JSON.parse(localStorage.hassTokens).access_token);
    const response = await page.request.post(`${BASE}/api/services/button/press`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { entity_id: "button.washer_start" },
    });
    console.log(`start washer: HTTP ${response.status()}`);
    await page.waitForTimeout(Number(process.env.PRESS_START) * 1000);
  }
  await page.waitForTimeout(3000);
  await page.screenshot({ path: path.join(OUT, "demo-washer.png"), fullPage: true });
  console.log(`saved ${path.join(OUT, "demo-washer.png")}`);
  await shot(
    page, "/config/integrations/integration/appliance_care", "integration.png", "Demo home",
    "Devices that don't belong to a sub-entry",
  );
  if (process.env.FEATURES) {
    // Install a bundled blueprint through the integration's own action, then show the
    // blueprint in Home Assistant's blueprint list and the pending updates.
    const token = await page.evaluate(() => JSON.parse(localStorage.hassTokens).access_token);
    const response = await page.request.post(`${BASE}/api/services/appliance_care/install_feature`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { id: "cycle_finished_reminder" },
    });
    console.log(`install_feature: HTTP ${response.status()}`);
    await shot(page, "/config/blueprint/dashboard", "blueprints.png", "Cycle finished");
    await shot(page, "/config/updates", "updates.png", "Water purifier");
    await page.getByText("Washer", { exact: true }).first().click();
    await page.waitForTimeout(4000);
    await page.screenshot({ path: path.join(OUT, "update-entity.png") });
    console.log(`saved ${path.join(OUT, "update-entity.png")}`);
  }
  if (process.env.CONNECTED) {
    // The demo's connected washer: start a course, let it run, show its device page (its
    // machine entities with Appliance Care's entities on the same device).
    await shot(page, "/config/devices/dashboard?domain=appliance_care", "demo-devices.png", "Connected washer");
    await page.getByText("Connected washer", { exact: true }).first().click();
    await page.getByText("Machine state").first().waitFor({ timeout: 60000 });
    // Press its "Start course" button through the REST API (a click could land on the
    // maintenance buttons beside it).
    const token = await page.evaluate(() => JSON.parse(localStorage.hassTokens).access_token);
    const response = await page.request.post(`${BASE}/api/services/button/press`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { entity_id: "button.connected_washer_start_course" },
    });
    console.log(`start course: HTTP ${response.status()}`);
    await page.waitForTimeout(Number(process.env.CONNECTED) * 1000);
    await page.screenshot({ path: path.join(OUT, "demo-connected-washer.png"), fullPage: true });
    console.log(`saved ${path.join(OUT, "demo-connected-washer.png")}`);
  }
  if (process.env.PASSPORT) {
    // The washer's passport, written by the running instance to its media folder and
    // opened as the file it is, and its diagnosis as the notification it makes.
    const token = await page.evaluate(() => JSON.parse(localStorage.hassTokens).access_token);
    const headers = { Authorization: `Bearer ${token}` };
    const template = await page.request.post(`${BASE}/api/template`, {
      headers, data: { template: `{{ device_id('${process.env.PASSPORT}') }}` },
    });
    const device_id = (await template.text()).trim();
    const exported = await page.request.post(
      `${BASE}/api/services/appliance_care/export_passport?return_response`,
      { headers, data: { device_id } },
    );
    const html = (await exported.json()).service_response.files.html;
    const file = path.join(process.env.MEDIA, html.split("/local/")[1]);
    await page.goto(`file://${file}`);
    await page.waitForTimeout(1000);
    await page.screenshot({ path: path.join(OUT, "passport.png"), fullPage: true });
    console.log(`saved ${path.join(OUT, "passport.png")}`);
    await page.request.post(`${BASE}/api/services/appliance_care/run_diagnosis?return_response`, {
      headers, data: { device_id },
    });
    await page.goto(`${BASE}/config/dashboard`);
    await page.getByText("Notifications").first().click();
    await page.getByText("Diagnosis:").first().waitFor({ timeout: 60000 });
    await page.waitForTimeout(2000);
    await page.screenshot({ path: path.join(OUT, "diagnosis.png") });
    console.log(`saved ${path.join(OUT, "diagnosis.png")}`);
  }
  for (const extra of (process.env.EXTRA_PAGES || "").split(",").filter(Boolean)) {
    const [url, name, text] = extra.split("|");
    await shot(page, url, name, text);
  }
  await browser.close();
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
