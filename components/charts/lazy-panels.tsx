'use client';

import dynamic from 'next/dynamic';

// Both render nothing until the runs and the annotations have been fetched, after the first paint:
// their code (with the diagnosis list) need not be in the first load. Nothing shows while it loads.
export const LazyPassTimeline = dynamic(() => import('./pass-timeline').then((m) => m.PassTimeline), { ssr: false, loading: () => null });
export const LazyAnnotationList = dynamic(() => import('./annotation-list').then((m) => m.AnnotationList), { ssr: false, loading: () => null });

// The annotations' data (audit log, baselines) with the contracts that check it; renders nothing.
export const LazyAnnotationFeed = dynamic(() => import('./annotation-feed').then((m) => m.AnnotationFeed), { ssr: false, loading: () => null });
