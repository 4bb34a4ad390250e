import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { HydrationMarker } from '@/components/shell/hydration-marker';
import './globals.css';

export const metadata: Metadata = {
  title: 'Fragscope',
  description: 'Live Redis memory fragmentation and active defrag',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
        <HydrationMarker />
        {children}
      </body>
    </html>
  );
}
