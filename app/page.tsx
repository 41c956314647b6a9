import { HomeView } from "@/components/home/home-view";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** `/?document=…&task=…&instructions=…` reopens a document for a re-run, prefilled. */
export default async function HomePage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  return <HomeView initial={{ documentId: first(params.document), task: first(params.task), instructions: first(params.instructions) }} />;
}
