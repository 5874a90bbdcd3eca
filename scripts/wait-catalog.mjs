// wait-catalog.mjs [BASE_URL] [SECONDS]: waits until the catalog serves the System
// `pegase` and every demo instance (the providers' first run is applied).
const base = process.argv[2] ?? 'http://localhost:7007';
const limitMs = Number(process.argv[3] ?? 600) * 1000;
const expectedInstances = Number(process.env.PEGASE_EXPECTED_INSTANCES ?? 50);
const started = Date.now();

async function count(token, filter) {
  const res = await fetch(
    `${base}/api/catalog/entities/by-query?limit=1&filter=${filter}`,
    {
      headers: { authorization: `Bearer ${token}` },
    },
  );
  return res.ok ? (await res.json()).totalItems ?? 0 : 0;
}

for (;;) {
  try {
    const auth = await fetch(`${base}/api/auth/guest/refresh`, {
      method: 'POST',
    });
    if (auth.ok) {
      const token = (await auth.json()).backstageIdentity.token;
      const systems = await count(token, 'kind=system,metadata.name=pegase');
      const instances = await count(
        token,
        'kind=resource,spec.type=pegase-instance',
      );
      if (systems === 1 && instances >= expectedInstances) {
        console.log(
          `catalog ready after ${Math.round(
            (Date.now() - started) / 1000,
          )} s (${instances} instances)`,
        );
        process.exit(0);
      }
    }
  } catch {
    // not listening yet
  }
  if (Date.now() - started > limitMs) {
    console.error(
      `the catalog did not serve the System pegase and ${expectedInstances} instances within ${
        limitMs / 1000
      } s`,
    );
    process.exit(1);
  }
  await new Promise(r => setTimeout(r, 1000));
}
