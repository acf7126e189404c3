{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<p class="crumbs"><a href="/admin/listeners">Listeners</a> / <a href="/admin/listeners/{{KEY}}">{{NAME}}</a></p>
<h1>Try a payload on {{NAME}}</h1>
<section class="card">
<p class="hint">The body runs through this listener as it is configured now (identify, filter, the type's checks and actions) in a transaction that is then rolled back: nothing is written, no delivery is recorded, no email or webhook is queued. The API key and signature are not checked; the filter is.</p>
{{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
<form method="post" action="/admin/listeners/{{KEY}}/try" class="stack settings-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<label for="try-body">JSON body</label>
<textarea id="try-body" name="body" rows="8" spellcheck="false" autocomplete="off">{{BODY}}</textarea>
<label for="try-event">Or a recorded delivery</label>
<select id="try-event" name="event">
<option value="">None: use the body above</option>
{{#EVENT}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>#{{ID}}, {{AT}} UTC, answered {{STATUS}}, {{SIZE}} bytes</option>
{{/EVENT}}</select>
{{#NO_EVENTS}}<p class="hint">No recorded delivery of this listener kept its whole body yet.</p>{{/NO_EVENTS}}
<label for="try-query">Query string (optional)</label>
<input id="try-query" name="query" value="{{QUERY}}" autocomplete="off" placeholder="issue=ABC-1">
<button type="submit" class="primary">Try it</button>
</form>
</section>
{{#REPORT}}
<section class="card" id="report">
<h2>What would happen</h2>
<p class="notice">Dry run. Nothing was written: no value, comment, email, webhook or delivery record.</p>
{{#DISABLED}}<p class="error">This listener is disabled: senders get 403 <code>listener_disabled</code> until it is enabled. Shown: what it would do once enabled.</p>{{/DISABLED}}
{{#REFUSED}}<p class="error" role="alert">A sender would get <strong>{{STATUS}}</strong> <code>{{CODE}}</code>: {{MESSAGE}}</p>{{/REFUSED}}
{{#ACCEPTED}}<p>A sender would get <span class="badge ok">200</span>: {{APPLIED}} applied, {{FILTERED}} filtered out, {{NOT_FOUND}} not found.</p>{{/ACCEPTED}}
{{#TARGET}}
<h3>Target {{ID}} <code>{{IDENTIFIER}}</code> <span class="badge {{OUTCOME_CLASS}}">{{OUTCOME}}</span></h3>
{{#NOTE}}<p class="muted">{{NOTE_TEXT}}</p>{{/NOTE}}
{{#HAS_CHANGES}}<div class="scroll"><table>
<thead><tr><th scope="col">What</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
<tbody>
{{#CHANGE}}<tr><td><code>{{WHAT}}</code></td><td>{{BEFORE}}</td><td>{{AFTER}}</td></tr>
{{/CHANGE}}</tbody>
</table></div>{{/HAS_CHANGES}}
{{#COMMENT}}<p>Comment by {{AUTHOR}}:</p><pre class="body">{{TEXT}}</pre>{{/COMMENT}}
{{/TARGET}}
{{#HAS_QUEUED}}<h3>Would be queued</h3>
<ul class="outcomes">
{{#QUEUED}}<li>{{KIND}} to <code>{{TO}}</code>{{#SUBJECT}}: {{SUBJECT_TEXT}}{{/SUBJECT}}<pre class="body">{{SUMMARY}}</pre></li>
{{/QUEUED}}</ul>{{/HAS_QUEUED}}
</section>
{{/REPORT}}
{{>FOOTER}}
