<#-- Shared parts of the compromised-credentials pages: what happened, in plain words. -->
<#macro explanation>
    <div id="cc-explanation" class="${properties.kcFormGroupClass!}">
        <p id="cc-what-happened"><strong>${msg("ccResetWhatHappened", ccFlaggedOn)}</strong></p>
        <p id="cc-reason"><#if ccUserMessage??>${ccUserMessage}<#else>${msg(ccReasonKey)}</#if></p>
        <#nested>
    </div>
</#macro>

<#macro support>
    <#if ccSupport??>
        <p id="cc-support">${msg("ccSupportContact", ccSupport)}</p>
    </#if>
</#macro>

<#macro fieldError name>
    <#if messagesPerField.existsError(name)>
        <span id="input-error-${name}" class="${properties.kcInputErrorMessageClass!}" aria-live="polite">
            ${kcSanitize(messagesPerField.get(name))?no_esc}
        </span>
    </#if>
</#macro>
