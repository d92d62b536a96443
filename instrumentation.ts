// Runs once when the Next.js server starts. On the Node.js runtime only (the store needs
// native drivers; the imports sit inside the check so the edge build leaves them out), it
// loads the labeled demo cluster into an empty database so a first visit has something to
// explore. ACCESS_ATLAS_DEMO=0 turns this off (seedDemoIfEmpty checks it).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getStore } = await import('./lib/server/store-instance');
    const { seedDemoIfEmpty } = await import('./lib/server/demo/demo-seed');
    await seedDemoIfEmpty(await getStore());
    // No user yet: the way to the first admin (a one-time link on loopback, else the CLI).
    const { announceFirstRun } = await import('./lib/server/auth/first-run');
    await announceFirstRun(await getStore());
    // Scheduled snapshots and webhook deliveries (ACCESS_ATLAS_SCHEDULER=off turns this off).
    const { startServerScheduler } = await import('./lib/server/scheduler/server-scheduler');
    startServerScheduler(await getStore());
  }
}
