{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<p class="crumbs"><a href="/admin/outbox">Outbox</a></p>
<h1>Outbox message #{{ID}} <span class="badge {{STATE_CLASS}}">{{STATE}}</span></h1>
{{#ERROR}}<p class="error" role="alert" id="form-error">{{ERROR_TEXT}}</p>{{/ERROR}}
<section class="card">
<dl class="settings">
<dt>Kind</dt><dd>{{KIND}}</dd>
<dt>{{RECIPIENT_NAME}}</dt><dd class="wrap"><code>{{RECIPIENT}}</code></dd>
{{#SUBJECT}}<dt>Subject</dt><dd>{{SUBJECT_TEXT}}</dd>{{/SUBJECT}}
<dt>{{ID_NAME}}</dt><dd><code>{{MESSAGE_ID}}</code></dd>
<dt>Queued by</dt><dd>{{ORIGIN}}{{#EVENT}}, delivery <a href="/admin/deliveries/{{EVENT}}">#{{EVENT}}</a>{{/EVENT}}{{#EVENT_GONE}}, delivery #{{EVENT}} (no longer in the log){{/EVENT_GONE}}{{#NO_EVENT}} <span class="muted">(no delivery recorded)</span>{{/NO_EVENT}}</dd>
<dt>Queued</dt><dd>{{CREATED}}</dd>
<dt>Attempts</dt><dd>{{ATTEMPTS}}</dd>
<dt>Next attempt</dt><dd>{{NEXT}}</dd>
<dt>Sent</dt><dd>{{SENT}}</dd>
<dt>Last error</dt><dd class="wrap">{{LAST_ERROR}}</dd>
</dl>
{{#SENDING}}<p class="notice">A worker ({{LEASED_BY}}) is sending it right now.</p>{{/SENDING}}
{{#CAN_RETRY}}
<form method="post" action="/admin/outbox/{{ID}}/retry" class="stack">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p>Retry makes it due now{{#DEAD}}, with a fresh set of attempts{{/DEAD}}. Its {{ID_NAME}} stays the same, so a receiver that already got it can drop the repeat. The retry is recorded in the audit log.</p>
<label class="check"><input type="checkbox" name="confirm" value="yes" required> I want to send message #{{ID}} again</label>
<button type="submit" class="primary">Retry now</button>
</form>
{{/CAN_RETRY}}
</section>
<section class="card">
<h2>Attempts</h2>
{{#NO_ATTEMPTS}}<p class="muted">None yet.</p>{{/NO_ATTEMPTS}}
<div class="scroll">
<table id="attempts">
<thead><tr><th scope="col">At (UTC)</th><th scope="col">Took</th><th scope="col">Worker</th><th scope="col">Result</th></tr></thead>
<tbody>
{{#ATTEMPT}}<tr><td>{{AT}}</td><td>{{MS}} ms</td><td>{{WORKER}}</td><td class="wrap"><span class="{{RESULT_CLASS}}">{{RESULT}}</span></td></tr>{{/ATTEMPT}}
</tbody>
</table>
</div>
</section>
<section class="card">
<h2>Body</h2>
<p class="hint">It may hold personal data: only admins see this page.</p>
{{#HEADERS}}<h3>Extra headers</h3><pre class="body">{{HEADERS_TEXT:pre_escape}}</pre>{{/HEADERS}}
<pre class="body">{{BODY:pre_escape}}</pre>
</section>
{{>FOOTER}}
