// A class named with its grade so it cannot be mistaken for another ("七年级" + "1班" = "七年级1班"),
// as the server names classes in its lists (core::org::ClassLabel).
export function classLabel(grade: string | null | undefined, klass: string | null | undefined): string {
  const g = grade ?? ''
  const k = klass ?? ''
  return k.startsWith(g) ? k : g + k
}
