/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and worker-heavy packages stay external: loaded by Node at run time, never bundled.
  serverExternalPackages: ["better-sqlite3", "pdfjs-dist", "tinypool"],
  poweredByHeader: false,
  reactStrictMode: true,
  // Type checking and lint run in the test command, not twice in `next build`.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // Uploads go through route handlers; Next's own body limit applies to server actions only.
  },
};

export default nextConfig;
