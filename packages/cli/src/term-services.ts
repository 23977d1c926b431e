/**
 * Wires @nerflow/terms' teach loop into core's termTeachers registry, for `nerflow annotate --mode
 * terms` (annotate never imports terms). The stand-in imports terms on first use, so annotate's
 * other modes do not load it.
 */
export async function registerTermTeacher(): Promise<void> {
  const { termTeachers } = await import('@nerflow/core');
  if (termTeachers.has('vectors')) return;
  termTeachers.register('vectors', async (options) => (await import('@nerflow/terms')).openTermTeacher(options));
}
