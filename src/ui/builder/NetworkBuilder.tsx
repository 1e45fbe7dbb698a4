import {
  closestCenter,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useState, type ReactNode } from 'react';
import { createBlockLayers, LAYER_BLOCKS } from '../../core/editing/blocks';
import { duplicateLayer, insertLayers, moveLayer, removeLayer } from '../../core/editing/edit';
import { editLabel } from '../../core/editing/editLabels';
import { applyQuickFix } from '../../core/editing/applyFix';
import { formatCount } from '../../core/spec/format';
import type { QuickFix } from '../../core/analysis/problems';
import { createLayer, isLayerKind, LAYER_REGISTRY, newLayerId } from '../../core/spec/registry';
import type { LayerSpec, NetworkSpec } from '../../core/spec/spec';
import { useAppStore } from '../context';
import { useNetworkAnalysis } from '../useNetworkAnalysis';
import { insertionIndex, NETWORK_END_ID, paletteItemOf, type PaletteItem } from './dragIds';
import { LayerInspector } from './LayerInspector';
import { LayerPalette } from './LayerPalette';
import { NetworkLayerItem } from './NetworkLayerItem';
import { ProblemMessages } from './ProblemMessages';
import { UndoRedoButtons } from './UndoRedoButtons';
import { useDataset } from '../useDataset';

/** The layers a palette item adds, with fresh ids. */
function layersFor(item: PaletteItem): { layers: LayerSpec[]; label: string } {
  if (item.type === 'layer') return { layers: [createLayer(item.kind, newLayerId(item.kind))], label: editLabel.insert(item.kind) };
  const block = LAYER_BLOCKS.find((b) => b.id === item.blockId);
  return { layers: createBlockLayers(item.blockId, (kind) => newLayerId(kind)), label: editLabel.insertBlock(block?.name ?? 'block') };
}

const layerTitle = (spec: NetworkSpec, id: UniqueIdentifier): string => {
  const index = spec.layers.findIndex((l) => l.id === id);
  const layer = spec.layers[index];
  return layer ? `${index + 1}. ${LAYER_REGISTRY[layer.kind].label}` : String(id);
};

/** The list's empty end: dropping a palette item there adds it last. */
function NetworkEnd({ empty }: { empty: boolean }) {
  const { setNodeRef, isOver } = useDroppable({ id: NETWORK_END_ID });
  return (
    <div ref={setNodeRef} className={isOver ? 'network-end drop-target' : 'network-end'}>
      {empty ? 'The network is empty: add layers from the palette, or drag them here.' : 'Drop here to add at the end'}
    </div>
  );
}

/**
 * The builder: palette, the network as a reorderable list, and the selected layer's settings.
 * Every change is one pure edit of the spec through the store (undoable, guarded when a trained
 * model would be discarded); shapes and counts follow from the analysis at once.
 */
export function NetworkBuilder({ afterList }: { afterList?: ReactNode }) {
  const spec = useAppStore((s) => s.spec);
  const dataset = useDataset();
  const selectedLayerId = useAppStore((s) => s.selectedLayerId);
  const editNetwork = useAppStore((s) => s.editNetwork);
  const selectLayer = useAppStore((s) => s.selectLayer);
  const storageProblem = useAppStore((s) => s.networkStorageProblem);
  const analysis = useNetworkAnalysis();
  const [dragging, setDragging] = useState<{ id: string; label: string } | null>(null);
  const [overId, setOverId] = useState<string | null>(null);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 4 } }),
    // A short press before a finger drags, so the page still scrolls under a swipe.
    useSensor(TouchSensor, { activationConstraint: { delay: 180, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const layerIds = spec.layers.map((l) => l.id);
  const nameOf = (id: UniqueIdentifier) => {
    const item = paletteItemOf(String(id), isLayerKind);
    if (!item) return layerTitle(spec, id);
    return item.type === 'layer' ? LAYER_REGISTRY[item.kind].label : (LAYER_BLOCKS.find((b) => b.id === item.blockId)?.name ?? 'block');
  };
  const positionOf = (id: UniqueIdentifier | undefined) => (id === undefined ? -1 : layerIds.indexOf(String(id)));
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${nameOf(active.id)}.`,
    onDragOver: ({ active, over }) =>
      over ? (positionOf(over.id) >= 0 ? `${nameOf(active.id)} is over position ${positionOf(over.id) + 1} of ${layerIds.length}.` : `${nameOf(active.id)} is over the end of the network.`) : `${nameOf(active.id)} is no longer over the network.`,
    onDragEnd: ({ active, over }) => (over ? `${nameOf(active.id)} was dropped at position ${Math.max(positionOf(over.id), 0) + 1}.` : `${nameOf(active.id)} was dropped outside the network; nothing changed.`),
    onDragCancel: ({ active }) => `Moving ${nameOf(active.id)} was cancelled; nothing changed.`,
  };

  const add = (item: PaletteItem, index = spec.layers.length) => {
    const { layers, label } = layersFor(item);
    editNetwork((s) => insertLayers(s, index, layers), label, { select: layers[0]?.id ?? null });
  };
  const fix = (quickFix: QuickFix) => editNetwork((s) => applyQuickFix(s, quickFix), quickFix.label);

  const onDragStart = ({ active }: DragStartEvent) => setDragging({ id: String(active.id), label: nameOf(active.id) });
  const onDragOver = ({ over }: DragOverEvent) => setOverId(over ? String(over.id) : null);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(null);
    setOverId(null);
    if (!over) return;
    const item = paletteItemOf(String(active.id), isLayerKind);
    if (item) {
      const translated = active.rect.current.translated;
      const centreY = translated ? translated.top + translated.height / 2 : null;
      add(item, insertionIndex(layerIds, String(over.id), centreY, over.rect));
      return;
    }
    const id = String(active.id);
    const to = over.id === NETWORK_END_ID ? layerIds.length - 1 : layerIds.indexOf(String(over.id));
    const moved = spec.layers[positionOf(id)];
    if (moved && to >= 0 && id !== String(over.id)) editNetwork((s) => moveLayer(s, id, to), editLabel.move(moved.kind));
  };

  const networkProblems = analysis.problems.filter((p) => p.layerIndex === null);
  const draggingPalette = dragging !== null && paletteItemOf(dragging.id, isLayerKind) !== null;

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable: 'To move a layer, press Space or Enter to pick it up, the arrow keys to move it, Space or Enter again to drop it, or Escape to cancel.',
        },
      }}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragEnd={onDragEnd}
      onDragCancel={() => {
        setDragging(null);
        setOverId(null);
      }}
    >
      <div className="builder">
        <LayerPalette onAdd={(item) => add(item)} />
        <section className="network-editor" aria-labelledby="network-list-heading">
          <div className="network-toolbar">
            <h3 id="network-list-heading">Layers</h3>
            <UndoRedoButtons />
          </div>
          {storageProblem && (
            <p role="alert" className="storage-problem">
              {storageProblem}
            </p>
          )}
          <p className="network-input">
            Input: {spec.inputShape.join(' × ')} (one {dataset.name} image)
          </p>
          <SortableContext items={layerIds} strategy={verticalListSortingStrategy}>
            <ol className="network-list" aria-label="Network">
              {spec.layers.map((layer, index) => {
                const name = `${index + 1}. ${LAYER_REGISTRY[layer.kind].label}`;
                return (
                  <NetworkLayerItem
                    key={layer.id}
                    layer={layer}
                    name={name}
                    analysis={analysis.layers[index]}
                    problems={analysis.problems.filter((p) => p.layerIndex === index)}
                    selected={layer.id === selectedLayerId}
                    dropTarget={draggingPalette && overId === layer.id}
                    onSelect={() => selectLayer(layer.id)}
                    onDuplicate={() => {
                      const copyId = newLayerId(layer.kind);
                      editNetwork((s) => duplicateLayer(s, layer.id, copyId), editLabel.duplicate(layer.kind), { select: copyId });
                    }}
                    onRemove={() => editNetwork((s) => removeLayer(s, layer.id), editLabel.remove(layer.kind))}
                    onFix={fix}
                  />
                );
              })}
            </ol>
          </SortableContext>
          <NetworkEnd empty={spec.layers.length === 0} />
          {networkProblems.length > 0 && (
            <div className="network-problems" role="group" aria-label="Network problems">
              <ProblemMessages problems={networkProblems} onFix={fix} />
            </div>
          )}
          <p className="network-totals" aria-live="polite">
            <output aria-label="Total parameters">{formatCount(analysis.totalParams)}</output> parameters,{' '}
            <output aria-label="Multiply-accumulates">{formatCount(analysis.totalMacs)}</output> multiply-accumulates per image
          </p>
          {afterList}
        </section>
        <LayerInspector />
      </div>
      <DragOverlay dropAnimation={null}>{dragging && <div className="drag-overlay">{dragging.label}</div>}</DragOverlay>
    </DndContext>
  );
}
