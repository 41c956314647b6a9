export default function HomePage() {
  return (
    <section>
      <h1 className="text-2xl font-semibold">Turn a long document into a report</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">Upload a PDF, a text file or a codebase; longdoc counts its Qwen3 tokens exactly, plans the 128K window and shows the cost in li before anything is spent.</p>
    </section>
  );
}
