'use client';

import dynamic from 'next/dynamic';
import type { TargetView } from '@/lib/targets/views';
import { FragmentationSection } from './fragmentation-section';
import { HistorySection } from './history-section';

// Each view's code loads only when it is shown: the overview (the first load of `/`) does not carry the editor, windows, audit or baselines.
const loading = () => <p className="text-sm text-zinc-500">Loading…</p>;
const DecisionSection = dynamic(() => import('./decision-section').then((m) => m.DecisionSection), { loading });
const ConfigEditor = dynamic(() => import('@/components/config/config-editor').then((m) => m.ConfigEditor), { loading });
const WindowsView = dynamic(() => import('@/components/windows/windows-view').then((m) => m.WindowsView), { loading });
const BaselinesSection = dynamic(() => import('./baselines-section').then((m) => m.BaselinesSection), { loading });
const AuditView = dynamic(() => import('@/components/audit/audit-view').then((m) => m.AuditView), { loading });
const LabPanel = dynamic(() => import('./lab-panel').then((m) => m.LabPanel));

export function TargetViewBody({ view, targetId, demo, longRange = false }: { view: TargetView; targetId: string; demo: boolean; longRange?: boolean }) {
  switch (view) {
    case 'overview':
      return (
        <>
          <HistorySection targetId={targetId} longRange={longRange} />
          <FragmentationSection />
          {demo ? <LabPanel targetId={targetId} /> : null}
        </>
      );
    case 'decision':
      return <DecisionSection targetId={targetId} />;
    case 'config':
      return <ConfigEditor targetId={targetId} />;
    case 'windows':
      return <WindowsView targetId={targetId} />;
    case 'baselines':
      return <BaselinesSection targetId={targetId} />;
    case 'audit':
      return <AuditView targetId={targetId} />;
  }
}
