'use client';

import { useEffect } from 'react';

/**
 * Marks the page as running (`<html data-hydrated>`) once React has hydrated the root. Until then
 * the server's HTML shows buttons whose handlers do not exist yet: a click on one was silently lost
 * (e2e: "Read the allocator" clicked right after the page opened, on a loaded machine). globals.css
 * lets buttons take clicks only once this is set; a click made earlier simply does not happen yet.
 */
export function HydrationMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return null;
}
