// The end-to-end test's browser part (run by scripts/e2e): a person's way through the real
// frontend, from the login page to the device page of an appliance added in the UI.
// On a failure it names the step, and saves the page (a screenshot and the page's
// accessibility tree, which shows what could have been clicked) in OUT.
const fs = require("fs");
const path = require("path");
const { logIn, openPage } = require("./browser.cjs");

const BASE = process.env.BASE_URL;
const OUT = process.env.OUT;
const creds = JSON.parse(fs.readFileSync(process.env.CREDENTIALS, "utf8"));
const APPLIANCE = "E2E dishwasher";
// On its device page: entities of every appliance behind a power sensor, and one only a
// dishwasher has (the type chosen in the form). The status reads the test plug's 0.4 W,
// below the off level.
const ENTITIES = [["Status", "Off"], ["Cycles", "0"], ["Last cycle energy"], ["Heating missing"]];
// The first page after a start loads the whole frontend: allow for it.
const LOAD_TIMEOUT_MS = 120000;
const STEP_TIMEOUT_MS = 30000;

let current = "starting the browser";
function step(name) {
  current = name;
  console.log(`[e2e] ${name}`);
}

async function run(page) {
  step("log in on the login page");
  await logIn(page, BASE, creds, LOAD_TIMEOUT_MS);

  step("open Appliance Care's integration page");
  await page.goto(`${BASE}/config/integrations/integration/appliance_care`);
  const add = page.getByRole("button", { name: "Add appliance" });
  await add.waitFor({ timeout: LOAD_TIMEOUT_MS });

  step("press 'Add appliance'");
  await add.click();
  await page.getByText("How does Home Assistant know the appliance?").waitFor();

  step("choose an appliance behind a power sensor");
  await page.getByText("Behind a power sensor (a smart plug or a meter)").click();
  await page.getByText("Appliance with a power sensor").first().waitFor();

  step("fill in the name");
  await page.getByRole("textbox", { name: "Name" }).fill(APPLIANCE);

  step("choose the appliance type");
  await page.locator("ha-selector-select").first().click();
  await page.getByText("Dishwasher", { exact: true }).click();

  step("pick the power sensor with the entity picker");
  // The picker's search field: typed keys elsewhere would open the frontend's quick bar.
  const picker = page.locator("ha-selector-entity").first();
  await picker.click();
  await picker.getByPlaceholder("Search").fill("Test plug");
  await picker.getByText("Test plug power").click();

  step("submit the form");
  await page.getByRole("button", { name: "Submit" }).click();
  await page.getByRole("button", { name: "Finish" }).click();

  step("open the new device from the devices of Appliance Care");
  await page.goto(`${BASE}/config/devices/dashboard?domain=appliance_care`);
  await page.getByText(APPLIANCE, { exact: true }).first().click({ timeout: LOAD_TIMEOUT_MS });
  await page.waitForURL(/\/config\/devices\/device\//);

  const rows = page.locator("ha-config-device-page hui-generic-entity-row");
  for (const [name, state] of ENTITIES) {
    step(`find '${name}'${state ? ` showing '${state}'` : ""} on the device page`);
    const row = rows.filter({ has: page.getByText(name, { exact: true }) }).first();
    await row.waitFor();
    // A row's state is its own text; its name lives in its shadow root.
    let shown = "";
    for (const deadline = Date.now() + STEP_TIMEOUT_MS; state && Date.now() < deadline; ) {
      shown = (await row.evaluate((element) => element.textContent)).trim();
      if (shown === state) break;
      await page.waitForTimeout(500);
    }
    if (state && shown !== state) {
      throw new Error(`'${name}' shows '${shown}', not '${state}'`);
    }
  }
}

(async () => {
  const { browser, page } = await openPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  try {
    await run(page);
    console.log(`[e2e] '${APPLIANCE}' was added and its device page shows its entities`);
  } catch (err) {
    console.error(`[e2e] failed at the step: ${current}`);
    console.error(`[e2e] page: ${page.url()}`);
    console.error(String(err.stack || err).split("\n").slice(0, 8).join("\n"));
    await page.screenshot({ path: path.join(OUT, "failed-page.png"), fullPage: true }).catch(() => {});
    const tree = await page.locator("body").ariaSnapshot().catch((e) => String(e));
    fs.writeFileSync(path.join(OUT, "failed-page.txt"), tree);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
})();
