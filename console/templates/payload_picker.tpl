{{%AUTOESCAPE context="HTML"}}
<section class="picker" aria-labelledby="picker-title">
<h2 id="picker-title">Payload picker</h2>
<p class="hint" id="picker-help">Paste a sample body or choose a recorded delivery, then show its JSON Pointers. Click a value to put its pointer into the pointer field you used last; or copy it from the list.</p>
<label for="pick-body">Sample body (JSON)</label>
<textarea id="pick-body" name="sample_body" rows="4" spellcheck="false" aria-describedby="picker-help">{{SAMPLE_BODY:pre_escape}}</textarea>
{{#HAS_EVENTS}}<label for="pick-event">or a recorded delivery</label>
<select id="pick-event" name="sample_event"><option value="">none</option>{{#EVENT}}<option value="{{EVENT_ID}}"{{#EVENT_SELECTED}} selected{{/EVENT_SELECTED}}>#{{EVENT_ID}}, {{EVENT_AT}} UTC, {{EVENT_SIZE}} bytes</option>{{/EVENT}}</select>{{/HAS_EVENTS}}
<button type="submit" name="pick" value="1" formnovalidate>Show pointers</button>
{{#PICK_ERROR}}<p class="error" role="alert">{{PICK_ERROR_TEXT}}</p>{{/PICK_ERROR}}
<p class="hint" id="picker-status" aria-live="polite">{{#POINTERS}}{{POINTER_COUNT}} pointers.{{#LEFT_OUT}} {{LEFT_OUT_COUNT}} members or items not listed: at most {{CAP_CHILDREN}} per object or array, {{CAP_DEPTH}} levels deep, {{CAP_ENTRIES}} in all.{{/LEFT_OUT}}{{/POINTERS}}</p>
{{#POINTERS}}
<ul class="pointers" id="pointers">
{{#POINTER}}<li><code class="ptr">{{PTR}}</code> <span class="val{{#CONTAINER}} muted{{/CONTAINER}}">{{VALUE}}</span><button type="button" class="pick" data-pointer="{{PTR}}" hidden>{{VALUE}}</button></li>
{{/POINTER}}
</ul>
{{/POINTERS}}
</section>
