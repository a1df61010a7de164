package io.credreg.platform.idempotency;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Spring MVC's handler adapter, with a command request that carries an {@code Idempotency-Key} handed to
 * {@link IdempotentRequests}. At this point the request is authenticated and authorized, and a refusal still reaches
 * the application's problem handler; unlike a servlet filter, the handler method can be invoked again when the
 * request lost a race.
 */
class IdempotentHandlerAdapter extends RequestMappingHandlerAdapter {

    private final ObjectProvider<IdempotentRequests> idempotent;

    IdempotentHandlerAdapter(ObjectProvider<IdempotentRequests> idempotent) {
        this.idempotent = idempotent;
    }

    @Override
    protected ModelAndView invokeHandlerMethod(HttpServletRequest request, HttpServletResponse response,
                                               HandlerMethod handlerMethod) throws Exception {
        if (request.getHeader(IdempotencyKeys.HEADER) == null
                || !IdempotencyKeys.COMMAND_METHODS.contains(request.getMethod())) {
            return super.invokeHandlerMethod(request, response, handlerMethod);
        }
        return idempotent.getObject().handle(request, response,
                (replayable, buffered) -> super.invokeHandlerMethod(replayable, buffered, handlerMethod));
    }
}
