/** The catalog's prose marks code with backticks (`create`, `*`): shown as code, the rest as text. */
export function CodeText({ text }: { text: string }) {
  const parts = text.split('`');
  // An odd count of backticks leaves the last one literal rather than swallowing the rest as code.
  if (parts.length % 2 === 0) return <>{text}</>;
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}
