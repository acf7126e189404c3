{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>Ops</h1>
<p class="hint">The state of this install as of {{NOW}} UTC. Reload to check again. Prometheus reads the same figures from <code>/admin/metrics</code> with its own token (<code>earshotctl metrics token</code>).</p>
{{#PROBLEMS}}<p class="error" id="ops-summary">{{PROBLEMS_TEXT}}</p>{{/PROBLEMS}}
{{#ALL_OK}}<p class="notice" id="ops-summary">Everything checked answers.</p>{{/ALL_OK}}

<section class="area">
<h2>Handler pools</h2>
<p class="hint">Each pool's <code>/listeners/TYPE/_health</code>, asked over FastCGI at every address in <code>console_pools</code>: a process answered and its database connection ran <code>SELECT 1</code>.</p>
<div class="scroll">
<table id="pools">
<thead><tr><th scope="col">Type</th><th scope="col">Address</th><th scope="col">State</th><th scope="col">Detail</th></tr></thead>
<tbody>
{{#POOL}}<tr id="{{ROW_ID}}"><td>{{TYPE}}</td><td><code>{{ADDRESS}}</code></td><td><span class="badge {{CLASS}}">{{STATE}}</span></td><td>{{DETAIL}}</td></tr>
{{/POOL}}
</tbody>
</table>
</div>
</section>

<section class="area">
<h2>Database</h2>
<dl class="settings" id="database">
<dt>Reachable</dt><dd><span class="badge ok">Yes</span></dd>
<dt>Server</dt><dd>{{DB_VERSION}}</dd>
<dt>Galera</dt><dd>{{#NO_GALERA}}off (a single server){{/NO_GALERA}}{{#GALERA}}<span class="badge {{GALERA_CLASS}}">{{GALERA_STATE}}</span> node {{NODE_STATE}}, ready {{READY}}, cluster {{CLUSTER_STATUS}} of {{CLUSTER_SIZE}} nodes{{/GALERA}}</dd>
</dl>
</section>

<section class="area">
<h2>Outbox</h2>
<div class="scroll">
<table id="outbox">
<thead><tr><th scope="col">Pending</th><th scope="col">Due now</th><th scope="col">Failing</th><th scope="col">Dead</th><th scope="col">Oldest due since (UTC)</th></tr></thead>
<tbody><tr><td id="outbox-pending">{{PENDING}}</td><td id="outbox-due">{{DUE}}</td><td id="outbox-failing">{{FAILING}}</td><td id="outbox-dead">{{DEAD}}</td><td>{{OLDEST_DUE}}</td></tr></tbody>
</table>
</div>
{{#HAS_DEAD}}<p class="failed">Dead messages ran out of attempts: <code>earshotctl outbox list --state dead</code>, then <code>earshotctl outbox retry ID</code>.</p>{{/HAS_DEAD}}
<h3>Workers</h3>
{{#NO_WORKERS}}<p class="failed" id="no-workers"><span class="badge failed">None</span> No outbox worker has ever reported: is <code>earshot-outbox</code> running?</p>{{/NO_WORKERS}}
{{#HAS_WORKERS}}
<div class="scroll">
<table id="workers">
<thead><tr><th scope="col">Worker</th><th scope="col">State</th><th scope="col">Last seen (UTC)</th><th scope="col">Started (UTC)</th></tr></thead>
<tbody>
{{#WORKER}}<tr><td><code>{{NAME}}</code></td><td><span class="badge {{CLASS}}">{{STATE}}</span></td><td>{{SEEN_AT}} ({{SEEN_AGO}} ago)</td><td>{{STARTED_AT}}</td></tr>
{{/WORKER}}
</tbody>
</table>
</div>
{{/HAS_WORKERS}}
</section>

<section class="area">
<h2>Delivery log retention</h2>
<dl class="settings" id="retention">
<dt>Keep events</dt><dd>{{RETENTION}}</dd>
<dt>Oldest event</dt><dd>{{OLDEST_EVENT}}</dd>
<dt>Events (estimate)</dt><dd>about {{APPROX_EVENTS}}</dd>
<dt>Last purge</dt><dd>{{PURGED_AT}}{{#PURGED}} ({{PURGED_EVENTS}} events deleted since the metrics began){{/PURGED}}</dd>
<dt>Metrics totals</dt><dd>events up to #{{ROLLED_UP_TO}} folded{{#FOLDED}} at {{FOLDED_AT}}{{/FOLDED}}</dd>
</dl>
</section>

<section class="area">
<h2>Migrations applied</h2>
<div class="scroll">
<table id="migrations">
<thead><tr><th scope="col">Migration</th><th scope="col">Applied (UTC)</th></tr></thead>
<tbody>
{{#MIGRATION}}<tr><td><code>{{NAME}}</code></td><td>{{APPLIED_AT}}</td></tr>
{{/MIGRATION}}
</tbody>
</table>
</div>
</section>
{{>FOOTER}}
