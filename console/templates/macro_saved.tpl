{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<p class="crumbs"><a href="/admin/macros">Macros</a></p>
<h1>Macro <code>{{NAME}}</code> saved</h1>
<section class="card">
<p>Its webhooks are signed with this new secret, stored in the macro. It is shown only now: give it to the receivers so they can check the signatures.</p>
<div class="copyrow"><pre id="secret">{{SECRET}}</pre><button type="button" class="copy" data-copy="secret" hidden>Copy</button></div>
<p><a class="button" href="/admin/macros/{{NAME}}">Go to the macro</a></p>
</section>
{{>FOOTER}}
