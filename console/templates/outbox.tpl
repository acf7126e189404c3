{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>Outbox</h1>
<p class="hint">Emails and webhooks queued by listeners, newest first, {{PAGE_SIZE}} per page. Failing: waiting for another attempt after a failed one. Dead: given up after the last attempt; retry it once the receiver is fixed.</p>
<nav class="tabs" aria-label="Outbox states">
<a href="/admin/outbox?state=pending"{{#TAB_pending}} aria-current="page"{{/TAB_pending}}>Pending</a>
<a href="/admin/outbox?state=failing"{{#TAB_failing}} aria-current="page"{{/TAB_failing}}>Failing</a>
<a href="/admin/outbox?state=dead"{{#TAB_dead}} aria-current="page"{{/TAB_dead}}>Dead</a>
<a href="/admin/outbox?state=sent"{{#TAB_sent}} aria-current="page"{{/TAB_sent}}>Sent</a>
<a href="/admin/outbox"{{#TAB_all}} aria-current="page"{{/TAB_all}}>All</a>
</nav>
{{#EMPTY}}<p class="notice">No messages here.</p>{{/EMPTY}}
<div class="scroll">
<table id="outbox">
<thead><tr><th scope="col">Message</th><th scope="col">Kind</th><th scope="col">State</th><th scope="col">To</th><th scope="col">Tries</th><th scope="col">Next try (UTC)</th><th scope="col">Last error</th><th scope="col">Queued by</th><th scope="col">Queued (UTC)</th></tr></thead>
<tbody>
{{#MESSAGE}}
<tr>
<td><a href="/admin/outbox/{{ID}}">#{{ID}}</a></td>
<td>{{KIND}}</td>
<td><span class="badge {{STATE_CLASS}}">{{STATE}}</span></td>
<td class="wrap">{{RECIPIENT}}</td>
<td>{{ATTEMPTS}}</td>
<td>{{NEXT}}</td>
<td class="wrap">{{LAST_ERROR}}</td>
<td>{{ORIGIN}}</td>
<td>{{CREATED}}</td>
</tr>
{{/MESSAGE}}
</tbody>
</table>
</div>
{{#OLDER}}<p><a href="/admin/outbox?state={{OLDER_STATE}}&amp;before={{OLDER_BEFORE}}">Older messages</a></p>{{/OLDER}}
{{>FOOTER}}
